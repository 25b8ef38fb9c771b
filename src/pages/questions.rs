//! The Questions page: what was asked, to whom, the bank questions never
//! asked yet, and the answers gathered under matching interview headings.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use foldhash::fast::RandomState;

use super::md::{self, Place};
use super::{Context, Sink, in_batches, table};
use crate::body;
use crate::clock::Clock;
use crate::index::{Conversation, Index, NotePath, PersonKey};
use crate::names::question_key;
use crate::note::{Answer, Interview};

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

/// The last page, read forward as the quotes taken from it come, in the
/// order it holds them unless answers moved.
struct LastPage {
    file: BufReader<File>,
    /// Where the file is read from next; unknown after a failed read.
    at: Option<u64>,
    /// The last quote's bytes, as read.
    bytes: Vec<u8>,
}

impl LastPage {
    fn open(path: &Path) -> Option<LastPage> {
        let file = BufReader::new(File::open(path).ok()?);
        Some(LastPage {
            file,
            at: Some(0),
            bytes: Vec::new(),
        })
    }

    /// The quote's text, when the page still holds it where it was.
    fn read(&mut self, quote: &Quote) -> Option<String> {
        let start = u64::try_from(quote.span.start).ok()?;
        match self.at.take() {
            Some(at) => (self.file)
                .seek_relative(i64::try_from(start).ok()? - i64::try_from(at).ok()?)
                .ok()?,
            None => drop(self.file.seek(SeekFrom::Start(start)).ok()?),
        }
        self.bytes.resize(quote.span.len(), 0);
        self.file.read_exact(&mut self.bytes).ok()?;
        self.at = Some(start + u64::try_from(self.bytes.len()).ok()?);
        body::checked_text(&self.bytes, quote.hash)
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
    out.push_str(&format!("{}\n\n", ctx.note_link(&bank.path, Place::Line)));
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
    let before = ctx.quoted_before;
    let mut last_page = before.and_then(|before| LastPage::open(before.page));
    let reuse = last_page.is_some();
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
        // With a bank, the longest page of a large vault. Answers are apart
        // by a blank line, with none after the last: each answer's last
        // newline waits for the next answer.
        let mut apart = false;
        let piece = |at: usize, (c, a): &(&Conversation, &Answer)| {
            let kept = before.and_then(|b| b.quotes.0.get(&(Arc::clone(&c.path), a.hash)));
            let piece = match kept {
                Some(quote) if reuse => Piece::Kept(quote),
                _ => {
                    let (text, read) = new_quote(ctx, c, a);
                    Piece::New(text, read)
                }
            };
            (at, piece)
        };
        let mut emit = |(at, piece): (usize, Piece)| {
            let Some((c, a)) = answered.get(at) else {
                return;
            };
            let (text, read) = match piece {
                Piece::Kept(quote) => (last_page.as_mut())
                    .and_then(|page| page.read(quote))
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
    if !any_answer {
        out.push_str(&format!("\n{}\n", w.no_answer));
    }
    quotes
}

/// An answer quoted now from its note, without the newline that ends it,
/// and whether its text could be read.
fn new_quote(ctx: &Context, conversation: &Conversation, answer: &Answer) -> (String, bool) {
    let mut text = String::new();
    let read = quote(&mut text, ctx, conversation, answer);
    text.pop();
    (text, read)
}

/// Whether this page shows what changed between two versions of an
/// interview with the same people: the questions asked, and the answers'
/// texts, wherever they now lie in the file.
pub fn shows_edit(before: &Interview, after: &Interview) -> bool {
    before.questions != after.questions || !answers(before).eq(answers(after))
}

fn answers(interview: &Interview) -> impl Iterator<Item = (&str, u64)> {
    (interview.answers.iter()).map(|a| (&*a.question, a.hash))
}

/// A section quoted, then a link to its note and a blank line. Its text is
/// read back from the note: were the note changed since it was read, the
/// page says so, and the watcher's next pass, which the change calls for,
/// quotes the new text. Tells whether the text could be read.
fn quote(out: &mut String, ctx: &Context, conversation: &Conversation, answer: &Answer) -> bool {
    let read = answer.read_text(&ctx.root.join(&*conversation.path));
    let text = read.as_deref().unwrap_or(ctx.words().answer_changed);
    for line in text.lines() {
        out.push_str("> ");
        md::push_text(out, line);
        out.push('\n');
    }
    out.push_str("> — ");
    out.push_str(&ctx.note_link(&conversation.path, Place::Line));
    out.push_str("\n\n");
    read.is_some()
}

#[cfg(test)]
mod tests {
    use std::fs;

    use chrono::NaiveDate;

    use super::*;
    use crate::config::{Config, Lang};
    use crate::pipeline::read_vault;
    use crate::{index, starter};

    #[test]
    fn quotes_are_taken_from_the_last_page_only_while_it_holds_them() {
        let dir = tempfile::tempdir().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        starter::init(dir.path(), Lang::En, true, today).unwrap();
        let config = Config::load(dir.path()).unwrap();
        let index = index::build(&read_vault(dir.path(), &config).notes, config.lang);
        let context =
            || Context::new(dir.path(), &index, &[], &config, Clock::on(today)).recording_quotes();
        let mut first = String::new();
        let written = render(&context(), &mut first);
        let mut keys: Vec<&(NotePath, u64)> = written.0.keys().collect();
        keys.sort();
        let [taken, changed, ..] = keys[..] else {
            panic!("the sample vault answers two questions: {keys:?}");
        };
        let text_at =
            |page: &str, quotes: &Quotes, key| page[quotes.0[key].span.clone()].to_owned();
        // A last page where one quote reads otherwise, with that text's
        // hash, and another's bytes no longer match their hash.
        let (kept, stale) = ("> as the last page quoted it", "> changed since");
        let mut last = Quotes(written.0.clone());
        let span = first.len()..first.len() + kept.len();
        last.0.insert(
            taken.clone(),
            Quote {
                span: span.clone(),
                hash: body::text_hash(kept),
            },
        );
        let span = span.end..span.end + stale.len();
        last.0.insert(
            changed.clone(),
            Quote {
                span,
                hash: body::text_hash(stale) ^ 1,
            },
        );
        let page = dir.path().join("last page.md");
        fs::write(&page, format!("{first}{kept}{stale}")).unwrap();
        let before = QuotedBefore {
            page: &page,
            quotes: &last,
        };
        let mut again = String::new();
        let now = render(&context().quoting_before(before), &mut again);
        assert_eq!(text_at(&again, &now, taken), kept);
        assert_eq!(
            text_at(&again, &now, changed),
            text_at(&first, &written, changed)
        );
        assert_eq!(
            again.replace(kept, &text_at(&first, &written, taken)),
            first
        );
        // Without a next pass to take them, where quotes lie is not recorded.
        let unrecorded = Context::new(dir.path(), &index, &[], &config, Clock::on(today));
        assert!(render(&unrecorded, &mut String::new()).0.is_empty());
    }

    #[test]
    fn the_bank_is_listed_once_with_counts_and_only_answers_are_quoted() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            (
                "Question bank.md",
                "- Why data?\n- Pay?\n- Who else should I talk to?\n",
            ),
            (
                "Interviews/a.md",
                "---\ncontact: Ana\ndate: 2026-11-10\nquestions: [Why data?, Pay?]\n---\n## Why data?\nIt pays.\n",
            ),
            (
                "Interviews/b.md",
                "---\ncontact: Bo\ndate: 2026-11-30\nquestions: [Why data?, Who else should I talk to?]\n---\n",
            ),
        ];
        for (path, text) in files {
            let path = dir.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let config = Config::default();
        let index = index::build(&read_vault(dir.path(), &config).notes, config.lang);
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let context = Context::new(dir.path(), &index, &[], &config, Clock::on(today));
        let mut page = String::new();
        render(&context, &mut page);
        let bank = &page[page.find("## Question bank").unwrap()..];
        assert_eq!(
            bank,
            "## Question bank\n\n[[Question bank]]\n\n\
             | Question | Times |\n| --- | --- |\n| Why data? | 1 |\n| Pay? | 1 |\n\
             | Who else should I talk to? | 0 |\n\n\
             ### Never asked yet\n\n- Who else should I talk to?\n\n\
             ### Answers\n\n#### Why data?\n\n> It pays.\n> — [[Interviews/a|a]]\n"
        );
        let asked = &page[..page.find("## Question bank").unwrap()];
        assert!(
            asked.contains("| Why data? | 1 | [[People/Ana\\|Ana]] |"),
            "{asked}"
        );
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
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let context = Context::new(Path::new("."), &index, &[], &config, Clock::on(today));
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
