//! The Questions page: what was asked, to whom, the bank questions never
//! asked yet, and the answers gathered under matching interview headings.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use foldhash::fast::RandomState;

use super::md::{self, Place};
use super::{Context, Sink, in_batches, note_link, table};
use crate::body;
use crate::clock::Clock;
use crate::index::{Conversation, Index, NotePath, PersonKey};
use crate::names::question_key;
use crate::note::Answer;

/// Where each answer's quote lies in a Questions page written, by note and
/// answer. The next pass takes the quotes of the answers it still shows
/// from that page, a read through one file, instead of reading each answer
/// back from its note: typing in an answer then costs a few milliseconds,
/// not a read of every note that answers a question.
#[derive(Debug, Default)]
pub struct Quotes(HashMap<(NotePath, u64), Quote, RandomState>);

/// One quote's bytes in the page, and their [`body::text_hash`]: a page
/// changed since is told quote by quote.
#[derive(Debug, Clone, PartialEq)]
struct Quote {
    span: Range<usize>,
    hash: u64,
}

/// The last Questions page written, and where its quotes lie in it.
#[derive(Clone, Copy)]
pub struct QuotedBefore<'a> {
    pub page: &'a Path,
    pub quotes: &'a Quotes,
}

/// What the page reads to quote the answers: the notes' bytes where
/// their answers lie, and the last Questions page written. The read stage
/// reads them from disk (`quote_files`); a test gives them from
/// memory. The page asks only for what it quotes, a batch at a time as it
/// renders, so a large vault's answers are never all read, nor held, at
/// once; it checks every text it is given against its hash itself.
pub trait QuoteSource: Sync {
    /// The bytes at `span` of the note at the vault path `note`, as its
    /// file holds them now; none when they cannot be read.
    fn note_bytes(&self, note: &str, span: &Range<usize>) -> Option<Vec<u8>>;

    /// The last Questions page written, at `page`, to take quotes from;
    /// none when it cannot be read.
    fn last_page(&self, page: &Path) -> Option<Box<dyn LastPage + '_>>;
}

/// The last Questions page, read as the quotes taken from it are asked
/// for: in the order it holds them, unless answers moved.
pub trait LastPage {
    /// The page's bytes at `span`; none when it cannot be read there.
    fn bytes_at(&mut self, span: &Range<usize>) -> Option<&[u8]>;
}

/// A last page given whole.
impl LastPage for &[u8] {
    fn bytes_at(&mut self, span: &Range<usize>) -> Option<&[u8]> {
        self.get(span.clone())
    }
}

/// An answer's quote: taken from the last page, or made now (with whether
/// its answer could be read).
enum Piece<'q> {
    Kept(&'q Quote),
    New(String, bool),
}

/// The questions asked or in the bank, each once by its question key,
/// with the times each was asked and the people asked it.
#[derive(Default)]
struct Asked<'a> {
    /// The slot of each text seen: a vault asks the same questions, and
    /// heads its answers with them, in note after note, so a question's
    /// key is made once per spelling.
    by_text: HashMap<&'a str, usize, RandomState>,
    by_key: HashMap<Arc<str>, usize, RandomState>,
    questions: Vec<AskedQuestion<'a>>,
    /// The slot of each of the bank's questions, in the bank's order.
    bank: Vec<usize>,
}

struct AskedQuestion<'a> {
    key: Arc<str>,
    /// The bank's spelling when the bank has the question, else the first
    /// one written.
    spelling: &'a str,
    times: usize,
    /// In key order, each once.
    people: Vec<&'a PersonKey>,
}

impl<'a> Asked<'a> {
    /// The slot of a question, made at its first spelling.
    fn slot(&mut self, text: &'a str) -> usize {
        if let Some(&slot) = self.by_text.get(text) {
            return slot;
        }
        let key: Arc<str> = question_key(text).into();
        let next = self.questions.len();
        let slot = *self.by_key.entry(Arc::clone(&key)).or_insert(next);
        if slot == next {
            self.questions.push(AskedQuestion {
                key,
                spelling: text,
                times: 0,
                people: Vec::new(),
            });
        }
        self.by_text.insert(text, slot);
        slot
    }

    /// The bank's questions, then those of every past conversation,
    /// counted: a question planned for a meeting to come is not asked yet.
    fn of(index: &'a Index, clock: Clock) -> Asked<'a> {
        let mut asked = Asked::default();
        asked.bank = (index.bank.iter().flat_map(|b| &b.questions))
            .map(|question| asked.slot(question))
            .collect();
        // The slots of each conversation's questions, in conversation order.
        let mut slots = Vec::with_capacity(index.conversations.len());
        for c in &index.conversations {
            if !clock.is_past(&c.interview.when) {
                slots.push(Vec::new());
                continue;
            }
            let of_conversation: Vec<usize> = (c.interview.questions.iter())
                .map(|question| asked.slot(question))
                .collect();
            for &slot in &of_conversation {
                asked.questions[slot].times += 1;
            }
            slots.push(of_conversation);
        }
        // Taken person by person, in key order, the people asked each
        // question come sorted and are told apart from the last one taken:
        // no set of tens of thousands of names to keep in order.
        for (person, positions) in &index.conversations_with {
            for &slot in positions.iter().filter_map(|&i| slots.get(i)).flatten() {
                let people = &mut asked.questions[slot].people;
                if people.last() != Some(&person) {
                    people.push(person);
                }
            }
        }
        asked
    }
}

pub fn render(ctx: &Context, out: &mut dyn Sink) -> Quotes {
    let w = ctx.words();
    ctx.header(out, w.questions);
    let asked = Asked::of(ctx.index, ctx.clock);
    out.push_str(&format!("\n## {}\n\n", w.asked));
    // Most asked first, then by question key.
    let mut rows: Vec<&AskedQuestion> = (asked.questions.iter())
        .filter(|question| question.times > 0)
        .collect();
    rows.sort_by(|a, b| (b.times, &a.key).cmp(&(a.times, &b.key)));
    let cells = rows.iter().map(|question| {
        vec![
            md::text(question.spelling),
            question.times.to_string(),
            (question.people.iter())
                .map(|k| ctx.person_link(k, Place::Cell))
                .collect::<Vec<_>>()
                .join(", "),
        ]
    });
    table(out, &[w.question, w.times, w.asked_to], cells);
    out.push_str(&format!("\n## {}\n\n", w.bank));
    let mut quotes = Quotes::default();
    let Some(bank) = &ctx.index.bank else {
        out.push_str(&format!("{}\n", w.no_bank));
        return quotes;
    };
    out.push_str(&format!("{}\n\n", note_link(&bank.path, Place::Line)));
    // Each of the bank's questions, with its count and people asked.
    let bank_asked =
        || (bank.questions.iter()).zip(asked.bank.iter().map(|&slot| &asked.questions[slot]));
    let counted =
        bank_asked().map(|(question, asked)| vec![md::text(question), asked.times.to_string()]);
    table(out, &[w.question, w.times], counted);
    out.push_str(&format!("\n### {}\n\n", w.never_asked));
    let never: Vec<&String> = bank_asked()
        .filter(|(_, asked)| asked.times == 0)
        .map(|(question, _)| question)
        .collect();
    if never.is_empty() {
        out.push_str(&format!("{}\n", w.all_asked));
    }
    for question in never {
        out.push_str(&format!("- {}\n", md::text(question)));
    }
    out.push_str(&format!("\n### {}\n", w.answers));
    let mut answers_to: HashMap<&str, Vec<(&Conversation, &Answer)>> = HashMap::new();
    for c in ctx.index.conversations.iter().rev() {
        for answer in c.interview.answers.iter().filter(|a| !a.is_empty()) {
            answers_to
                .entry(&answer.question)
                .or_default()
                .push((c, answer));
        }
    }
    let mut last_page =
        (ctx.quoted_before).and_then(|before| ctx.quote_source.last_page(before.page));
    // Only the questions answered get a heading: the never-asked are
    // listed above, once.
    let mut any_answer = false;
    for (question, asked) in bank_asked() {
        let answered = answers_to.get(&*asked.key);
        let answered = answered.map_or(&[][..], Vec::as_slice);
        if answered.is_empty() {
            continue;
        }
        any_answer = true;
        out.push_str(&format!("\n#### {}\n\n", md::text(question)));
        quote_answers(ctx, answered, &mut last_page, &mut quotes, out);
    }
    if !any_answer {
        out.push_str(&format!("\n{}\n", w.no_answer));
    }
    quotes
}

/// The answers to one question, quoted. With a bank, the longest page of
/// a large vault. Answers are apart by a blank line, with none after the
/// last: each answer's last newline waits for the next answer. A quote
/// the last page still holds is taken from it, the others are read from
/// their notes; where each lies is told in `quotes`.
fn quote_answers(
    ctx: &Context,
    answered: &[(&Conversation, &Answer)],
    last_page: &mut Option<Box<dyn LastPage + '_>>,
    quotes: &mut Quotes,
    out: &mut dyn Sink,
) {
    let before = ctx.quoted_before.filter(|_| last_page.is_some());
    let mut apart = false;
    let piece = |at: usize, (c, a): &(&Conversation, &Answer)| {
        let kept = before.and_then(|b| b.quotes.0.get(&(Arc::clone(&c.path), a.hash)));
        let piece = kept.map_or_else(
            || {
                let (text, read) = new_quote(ctx, c, a);
                Piece::New(text, read)
            },
            Piece::Kept,
        );
        (at, piece)
    };
    let mut emit = |(at, piece): (usize, Piece)| {
        let Some((c, a)) = answered.get(at) else {
            return;
        };
        let (text, read) = match piece {
            Piece::Kept(quote) => (last_page.as_mut())
                .and_then(|page| body::checked_text(page.bytes_at(&quote.span)?, quote.hash))
                .map_or_else(|| new_quote(ctx, c, a), |text| (text, true)),
            Piece::New(text, read) => (text, read),
        };
        if apart {
            out.push_str("\n");
        }
        let start = out.bytes_taken();
        out.push_str(&text);
        apart = true;
        // A quote that could not be read says so: the next pass, which
        // the change to its note calls for, quotes its note again.
        if read && ctx.records_quotes {
            let (span, hash) = (start..out.bytes_taken(), body::text_hash(&text));
            (quotes.0).insert((Arc::clone(&c.path), a.hash), Quote { span, hash });
        }
    };
    in_batches(answered, piece, &mut emit);
}

/// An answer quoted now from its note, without the newline that ends it,
/// and whether its text could be read.
fn new_quote(ctx: &Context, conversation: &Conversation, answer: &Answer) -> (String, bool) {
    let mut text = String::new();
    let read = quote(&mut text, ctx, conversation, answer);
    text.pop();
    (text, read)
}

/// A section quoted, then a link to its note and a blank line. Its text is
/// read back from the note: were the note changed since it was read, the
/// page says so, and the watcher's next pass, which the change calls for,
/// quotes the new text. Tells whether the text could be read.
fn quote(out: &mut String, ctx: &Context, conversation: &Conversation, answer: &Answer) -> bool {
    let bytes = ctx
        .quote_source
        .note_bytes(&conversation.path, &answer.span);
    let read = bytes.and_then(|bytes| body::checked_text(&bytes, answer.hash));
    let text = read.as_deref().unwrap_or(ctx.words().answer_changed);
    for line in text.lines() {
        out.push_str("> ");
        md::push_text(out, line);
        out.push('\n');
    }
    out.push_str("> — ");
    out.push_str(&note_link(&conversation.path, Place::Line));
    out.push_str("\n\n");
    read.is_some()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::config::Config;
    use crate::i18n;
    use crate::index;
    use crate::lang::Lang;
    use crate::pages::tests::InMemory;

    const BANK: (&str, &str) = (
        "Question bank.md",
        "- Why data?\n- Pay?\n- Who else should I talk to?\n",
    );
    const ANA: (&str, &str) = (
        "Interviews/a.md",
        "---\ncontact: Ana\ndate: 2026-11-10\nquestions: [Why data?, Pay?]\n---\n\
         ## Why data?\nIt pays.\n\n## Pay?\nWell, enough.\nAnd more.\n",
    );
    const BO: (&str, &str) = (
        "Interviews/b.md",
        "---\ncontact: Bo\ndate: 2026-11-12\nquestions: [why data]\n---\n\
         ## Why data\nCuriosity.\n",
    );
    const ZOE: (&str, &str) = (
        "Interviews/c.md",
        "---\ncontact: Zoé\ndate: 2026-11-30\nquestions: [Why data?, Who else should I talk to?]\n---\n",
    );

    fn today() -> Clock {
        Clock::on(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap())
    }

    /// The page of the vault `files`, its notes read as `notes` hold them
    /// now, and where its quotes lie.
    fn page(files: &[(&str, &str)], notes: &InMemory, before: Option<&Quotes>) -> (String, Quotes) {
        let index = index::test_index(files);
        let config = Config::default();
        let mut ctx = Context::new(notes, &index, &[], &config, today()).recording_quotes();
        if let Some(quotes) = before {
            ctx = ctx.quoting_before(QuotedBefore {
                page: Path::new("Suivi/Questions.md"),
                quotes,
            });
        }
        let mut page = String::new();
        let quotes = render(&ctx, &mut page);
        (page, quotes)
    }

    fn quote_of<'p>(page: &'p str, quotes: &Quotes, note: &str) -> Vec<&'p str> {
        let mut spans: Vec<&Range<usize>> = (quotes.0.iter())
            .filter(|((path, _), _)| &**path == note)
            .map(|(_, quote)| &quote.span)
            .collect();
        spans.sort_by_key(|span| span.start);
        spans.into_iter().map(|span| &page[span.clone()]).collect()
    }

    #[test]
    fn the_bank_is_listed_once_with_counts_and_only_answers_are_quoted() {
        let files = [BANK, ANA, BO, ZOE];
        let (page, quotes) = page(&files, &InMemory::of(&files), None);
        let bank = &page[page.find("## Question bank").unwrap()..];
        assert_eq!(
            bank,
            "## Question bank\n\n[[Question bank]]\n\n\
             | Question | Times |\n| --- | --- |\n| Why data? | 2 |\n| Pay? | 1 |\n\
             | Who else should I talk to? | 0 |\n\n\
             ### Never asked yet\n\n- Who else should I talk to?\n\n\
             ### Answers\n\n\
             #### Why data?\n\n\
             > Curiosity.\n> — [[Interviews/b|b]]\n\n\
             > It pays.\n> — [[Interviews/a|a]]\n\n\
             #### Pay?\n\n\
             > Well, enough.\n> And more.\n> — [[Interviews/a|a]]\n"
        );
        let asked = &page[..page.find("## Question bank").unwrap()];
        assert!(
            asked.contains("| Why data? | 2 | [[People/Ana\\|Ana]], [[People/Bo\\|Bo]] |"),
            "{asked}"
        );
        assert!(!asked.contains("Zoé"), "{asked}");
        assert_eq!(
            quote_of(&page, &quotes, "Interviews/a.md"),
            [
                "> It pays.\n> — [[Interviews/a|a]]\n",
                "> Well, enough.\n> And more.\n> — [[Interviews/a|a]]\n"
            ]
        );
    }

    #[test]
    fn an_answer_whose_note_changed_since_it_was_read_says_so_and_is_not_kept() {
        let files = [BANK, ANA, BO];
        let (edited, _) = ANA;
        // The note as it is on disk when the page renders: typed in since.
        let notes = InMemory::of(&files).with(edited, &ANA.1.replace("It pays.", "It paid."));
        let (page, quotes) = page(&files, &notes, None);
        let changed = i18n::words(Lang::En).answer_changed;
        assert!(
            page.contains(&format!(
                "> Curiosity.\n> — [[Interviews/b|b]]\n\n> {}\n> — [[Interviews/a|a]]\n\n#### Pay?",
                md::text(changed)
            )),
            "{page}"
        );
        // The next pass, which the change calls for, quotes the note again.
        assert_eq!(
            quote_of(&page, &quotes, "Interviews/a.md"),
            ["> Well, enough.\n> And more.\n> — [[Interviews/a|a]]\n"]
        );
        let gone = InMemory::of(&[BANK, BO]);
        let (page, _) = self::page(&files, &gone, None);
        assert_eq!(page.matches(&md::text(changed)).count(), 2, "{page}");
    }

    #[test]
    fn quotes_are_taken_from_the_last_page_only_while_it_holds_them() {
        let files = [BANK, ANA, BO];
        let notes = InMemory::of(&files);
        let (first, written) = page(&files, &notes, None);
        let mut keys: Vec<&(NotePath, u64)> = written.0.keys().collect();
        keys.sort();
        let [taken, stale, ..] = keys[..] else {
            panic!("three answers are quoted: {keys:?}");
        };
        // A last page where one quote reads otherwise, with that text's
        // hash, and another's bytes no longer match their hash.
        let (kept, changed) = ("> as the last page quoted it", "> changed since");
        let mut last = Quotes(written.0.clone());
        let span = first.len()..first.len() + kept.len();
        let quote = |span: Range<usize>, hash| Quote { span, hash };
        last.0
            .insert(taken.clone(), quote(span.clone(), body::text_hash(kept)));
        let span = span.end..span.end + changed.len();
        last.0
            .insert(stale.clone(), quote(span, body::text_hash(changed) ^ 1));
        let notes = notes.last_page(format!("{first}{kept}{changed}"));
        let (again, now) = page(&files, &notes, Some(&last));
        let text_at =
            |page: &str, quotes: &Quotes, key| page[quotes.0[key].span.clone()].to_owned();
        assert_eq!(text_at(&again, &now, taken), kept);
        assert_eq!(
            text_at(&again, &now, stale),
            text_at(&first, &written, stale)
        );
        assert_eq!(
            again.replace(kept, &text_at(&first, &written, taken)),
            first
        );
        // A kept quote the last page cannot give is quoted from its note.
        let unreadable = InMemory::of(&files).last_page(kept.to_owned());
        assert_eq!(page(&files, &unreadable, Some(&last)).0, first);
        // Without a next pass to take them, where quotes lie is not recorded.
        let index = index::test_index(&files);
        let config = Config::default();
        let unrecorded = Context::new(&notes, &index, &[], &config, today());
        assert!(render(&unrecorded, &mut String::new()).0.is_empty());
    }

    #[test]
    fn each_question_asked_lists_its_people_once_in_name_order() {
        let notes = [
            ("Interviews/a.md", "Zoé", "[Why data?, How did you start?]"),
            ("Interviews/b.md", "Anna", "[why data]"),
            ("Interviews/c.md", "[Zoé, Bob]", "[Why data?]"),
            ("Interviews/d.md", "Anna", "[Why data ?]"),
        ];
        let files: Vec<_> = (notes.iter())
            .map(|(path, contact, questions)| {
                let text = format!(
                    "---\ntype: interview\ncontact: {contact}\ndate: 2026-11-10\nquestions: {questions}\n---\n"
                );
                (*path, text)
            })
            .collect();
        let index = index::test_index(&files);
        let config = Config::default();
        let quotes = InMemory::default();
        let context = Context::new(&quotes, &index, &[], &config, today());
        let mut page = String::new();
        render(&context, &mut page);
        // The first table's rows, past its head and rule.
        let rows: Vec<&str> = (page.lines())
            .filter(|line| line.starts_with("| "))
            .skip(2)
            .collect();
        assert_eq!(
            rows,
            [
                "| Why data? | 4 | [[People/Anna\\|Anna]], [[People/Bob\\|Bob]], [[People/Zoé\\|Zoé]] |",
                "| How did you start? | 1 | [[People/Zoé\\|Zoé]] |",
            ]
        );
    }
}
