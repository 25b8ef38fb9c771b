//! Notes stage, second half: what suivi reads in a note's markdown body.
//!
//! Open tasks are promises; headings with the text under them hold answers;
//! list items of the question bank are its questions; a daily note's
//! `[[wikilinks]]` name the people met that day. Lines are file lines: the
//! caller passes the line where the body starts.

use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

/// An open task `- [ ] …`: a promise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    /// Shared with the index's promise and the action it calls for.
    pub text: Arc<str>,
    /// Its due date, from `📅 2026-12-01` (Tasks) or `[due:: 2026-12-01]` (Dataview).
    pub due: Option<NaiveDate>,
    pub line: usize,
}

/// A heading and the markdown under it, up to the next heading of the same
/// or a higher level. The text stays in its file: the answers of a large
/// vault are a hundred megabytes, which the Questions page reads back
/// (the read stage's `quote_files`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub heading: String,
    /// Where the text lies in its note's file, without the blank space
    /// around it; the body's offsets until the note places it.
    pub span: Range<usize>,
    /// The [`text_hash`] of the text: tells a text changed since.
    pub hash: u64,
}

/// Bytes read back as text, when they are still the text whose
/// [`text_hash`] is `hash` (the hash is checked first:
/// most texts that changed are not then checked as UTF-8, which on accented
/// text is the vectorised check's to do).
pub fn checked_text(bytes: &[u8], hash: u64) -> Option<String> {
    if xxh3_64(bytes) != hash {
        return None;
    }
    simdutf8::basic::from_utf8(bytes).ok().map(str::to_owned)
}

/// The hash of a section's text, whose output is fixed by its specification.
pub fn text_hash(text: &str) -> u64 {
    xxh3_64(text.as_bytes())
}

/// What a body holds, for the parts asked for.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Body {
    pub tasks: Vec<Task>,
    pub sections: Vec<Section>,
    /// Text of every list item (question bank), with its line.
    pub list_items: Vec<(String, usize)>,
    /// The `[[wikilinks]]`, when asked for (daily notes).
    pub links: Vec<Wikilink>,
}

/// A `[[wikilink]]` of the body: `[[Name]]`, `[[Name|shown]]`,
/// `[[Folder/Name#heading]]`. Embeds (`![[…]]`) and links in code are not
/// links to a note the body talks about, and are not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wikilink {
    /// What the link points at, as written between `[[` and `|` or `]]`:
    /// a heading (`#…`) left on.
    pub target: String,
    /// True inside an open task `- [ ] …` (its own text, not a list nested
    /// under it): a promise's subject, not someone met.
    pub in_open_task: bool,
    pub line: usize,
}

/// The parts of a body to read beside tasks and list items.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Wanted {
    /// The sections under headings (interviews): their text is hashed.
    pub sections: bool,
    /// The wikilinks (daily notes). Links are then parsed as links, so the
    /// text of a task holding one reads the link's shown text.
    pub links: bool,
}

/// Tells the file line of body offsets given in increasing order, counting
/// the line breaks between one offset and the next only once.
struct Lines<'a> {
    body: &'a str,
    first_line: usize,
    offset: usize,
    line: usize,
}

impl Lines<'_> {
    fn new(body: &str, first_line: usize) -> Lines<'_> {
        Lines {
            body,
            first_line,
            offset: 0,
            line: first_line,
        }
    }

    fn line_of(&mut self, offset: usize) -> usize {
        if offset < self.offset {
            self.offset = 0;
            self.line = self.first_line;
        }
        let between = self.body.as_bytes().get(self.offset..offset);
        self.line += between.map_or(0, |b| memchr::memchr_iter(b'\n', b).count());
        self.offset = offset;
        self.line
    }
}

/// A list item being read, with its text so far.
struct OpenItem {
    line: usize,
    text: String,
    /// `Some(done)` for a task.
    task: Option<bool>,
    /// A nested list ends the text of the item that holds it.
    nested: bool,
}

/// A heading being read, with its text so far.
struct OpenHeading {
    start: usize,
    level: HeadingLevel,
    text: String,
}

/// Parses a body. Tasks and list items are always read; sections only when
/// `with_sections` (interviews), since their text is copied.
pub fn parse(body: &str, first_line: usize, with_sections: bool) -> Body {
    let wanted = Wanted {
        sections: with_sections,
        links: false,
    };
    parse_parts(body, first_line, wanted)
}

/// Parses a body for the parts `wanted` beside tasks and list items: the
/// notes that do not ask for links or sections pay nothing for them.
pub fn parse_parts(body: &str, first_line: usize, wanted: Wanted) -> Body {
    let mut lines = Lines::new(body, first_line);
    let mut out = Body::default();
    let mut items: Vec<OpenItem> = Vec::new();
    let mut heading: Option<OpenHeading> = None;
    let mut headings: Vec<(HeadingLevel, String, usize, usize)> = Vec::new();
    let mut options = Options::ENABLE_TASKLISTS;
    if wanted.links {
        options |= Options::ENABLE_WIKILINKS;
    }
    let parser = Parser::new_ext(body, options).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => out.links.push(Wikilink {
                target: dest_url.into_string(),
                in_open_task: items.last().is_some_and(|i| i.task == Some(false)),
                line: lines.line_of(range.start),
            }),
            Event::Start(Tag::Item) => items.push(OpenItem {
                line: lines.line_of(range.start),
                text: String::new(),
                task: None,
                nested: false,
            }),
            Event::Start(Tag::List(_)) => {
                if let Some(item) = items.last_mut() {
                    item.nested = true;
                }
            }
            Event::TaskListMarker(done) => {
                if let Some(item) = items.last_mut() {
                    item.task = Some(done);
                }
            }
            Event::End(TagEnd::Item) => {
                if let Some(item) = items.pop() {
                    finish_item(&item, &mut out);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(OpenHeading {
                    start: range.start,
                    level,
                    text: String::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    headings.push((h.level, h.text.trim().to_owned(), h.start, range.end));
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(h) = heading.as_mut() {
                    h.text.push_str(&text);
                } else if let Some(item) = items.last_mut().filter(|i| !i.nested) {
                    item.text.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(item) = items.last_mut().filter(|i| !i.nested) {
                    item.text.push(' ');
                }
            }
            _ => {}
        }
    }
    // Nested items end before the item holding them: restore reading order.
    out.tasks.sort_by_key(|t| t.line);
    // Kept for the whole pass: without the room a vector grows for more.
    out.tasks.shrink_to_fit();
    out.list_items.sort_by_key(|(_, line)| *line);
    if wanted.sections {
        out.sections = sections(body, &headings);
    }
    out
}

fn finish_item(item: &OpenItem, out: &mut Body) {
    let text = item.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let line = item.line;
    match item.task {
        Some(false) => {
            let due = due_date(&text);
            out.tasks.push(Task {
                text: strip_due_markers(&text).into(),
                due,
                line,
            });
        }
        None if !text.is_empty() => out.list_items.push((text, line)),
        // A task done is no promise, and an empty item no question.
        Some(true) | None => {}
    }
}

fn sections(body: &str, headings: &[(HeadingLevel, String, usize, usize)]) -> Vec<Section> {
    headings
        .iter()
        .enumerate()
        .map(|(i, (level, heading, _, end))| {
            let until = headings[i + 1..]
                .iter()
                .find(|(next_level, ..)| next_level <= level)
                .map_or(body.len(), |(_, _, next_start, _)| *next_start);
            let under = body.get(*end..until).unwrap_or_default();
            let text = under.trim();
            let start = end + (under.len() - under.trim_start().len());
            Section {
                heading: heading.clone(),
                span: start..start + text.len(),
                hash: text_hash(text),
            }
        })
        .collect()
}

/// The due date of a task: Tasks' `📅 YYYY-MM-DD` or Dataview's `[due:: YYYY-MM-DD]`.
fn due_date(text: &str) -> Option<NaiveDate> {
    let after_marker = text
        .split_once('📅')
        .map(|(_, rest)| rest)
        .or_else(|| text.split_once("[due::").map(|(_, rest)| rest))?;
    let date = after_marker.trim_start().get(..10)?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// The task's text without its date markers, for display.
fn strip_due_markers(text: &str) -> String {
    let mut out = text.to_owned();
    if let Some(pos) = out.find('📅') {
        let rest = out[pos + '📅'.len_utf8()..].trim_start();
        let tail = rest.get(10..).unwrap_or_default().to_owned();
        out = format!("{}{}", &out[..pos], tail);
    }
    if let Some(pos) = out.find("[due::")
        && let Some(close) = out[pos..].find(']')
    {
        out = format!("{}{}", &out[..pos], &out[pos + close + 1..]);
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn open_tasks_with_their_dates_and_lines() {
        let body = "intro\n\n- [ ] send CV 📅 2026-12-01\n- [x] done\n- [ ] call [due:: 2026-12-03] back\n- [ ] someday\n";
        let parsed = parse(body, 10, false);
        assert_eq!(
            parsed.tasks,
            vec![
                Task {
                    text: "send CV".into(),
                    due: Some(date("2026-12-01")),
                    line: 12
                },
                Task {
                    text: "call back".into(),
                    due: Some(date("2026-12-03")),
                    line: 14
                },
                Task {
                    text: "someday".into(),
                    due: None,
                    line: 15
                },
            ]
        );
    }

    #[test]
    fn sections_hold_text_until_the_next_heading_of_their_level() {
        let body = "# Notes\n\n## Who else should I talk to?\nMarie at Acme.\n\n### detail\nmore\n## Pay\nfine\n";
        let parsed = parse(body, 1, true);
        let text = |s: &Section| &body[s.span.clone()];
        let who = &parsed.sections[1];
        assert_eq!(who.heading, "Who else should I talk to?");
        assert_eq!(text(who), "Marie at Acme.\n\n### detail\nmore");
        assert_eq!(who.hash, text_hash(text(who)));
        assert_eq!(text(&parsed.sections[3]), "fine");
        assert!(text(&parsed.sections[0]).starts_with("## Who else"));
    }

    #[test]
    fn wikilinks_are_read_when_asked_with_whether_an_open_task_holds_them() {
        let body = "# With [[Ana]]\n\
                    Coffee with [[People/Paul Martin|Paul]] about [[Acme#Jobs]].\n\
                    \n\
                    - [ ] send [[Zoé]] the deck\n\
                    \x20 - asked [[Max]]\n\
                    - [x] called [[Bo]]\n\
                    - met [[Lu]]\n\
                    \n\
                    ![[Photo.png]] `[[Code]]` \\[[Escaped]]\n\
                    \n\
                    ```\n[[Fenced]]\n```\n\
                    > quoted [[Qi]]\n";
        let links = parse_parts(
            body,
            5,
            Wanted {
                sections: false,
                links: true,
            },
        )
        .links;
        let read: Vec<(&str, bool, usize)> = (links.iter())
            .map(|l| (l.target.as_str(), l.in_open_task, l.line))
            .collect();
        assert_eq!(
            read,
            [
                ("Ana", false, 5),
                ("People/Paul Martin", false, 6),
                ("Acme#Jobs", false, 6),
                ("Zoé", true, 8),
                ("Max", false, 9),
                ("Bo", false, 10),
                ("Lu", false, 11),
                ("Qi", false, 18),
            ]
        );
        assert!(parse(body, 5, true).links.is_empty());
    }

    #[test]
    fn list_items_are_read_without_their_sublists() {
        let body = "- Why this job?\n  - follow-up\n- A typical day?\n";
        let parsed = parse(body, 1, false);
        let texts: Vec<_> = parsed.list_items.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["Why this job?", "follow-up", "A typical day?"]);
    }
}
