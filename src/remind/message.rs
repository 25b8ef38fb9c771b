//! Reminder stage: the words of a notification, in the vault's language, as
//! plain text for every channel.
//!
//! Titles and bodies come from notes, so they are hostile: control
//! characters and bidirectional overrides are dropped (a title stays on one
//! line), and each channel adds its own escaping on top.

use super::schedule::Notification;
use crate::i18n::words;
use crate::lang::Lang;

/// How many reminders a digest names before "and N more".
const DIGEST_LINES: usize = 5;

/// A notification's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// One line.
    pub title: String,
    /// Lines separated by `\n`.
    pub body: String,
    /// Something is overdue: channels with priorities raise it.
    pub urgent: bool,
}

/// The text of `notification` in `lang`.
pub fn message(notification: &Notification, lang: Lang) -> Message {
    match notification {
        Notification::Notice(reminder) => Message {
            title: one_line(&reminder.title),
            body: plain(&reminder.body),
            urgent: reminder.overdue,
        },
        Notification::Digest(reminders) => {
            let said = &words(lang).remind;
            let overdue = reminders.iter().filter(|r| r.overdue).count();
            let mut lines: Vec<String> = reminders
                .iter()
                .take(DIGEST_LINES)
                .map(|r| {
                    let title = one_line(&r.title);
                    if r.overdue {
                        (said.overdue)(&title)
                    } else {
                        title
                    }
                })
                .collect();
            let more = reminders.len().saturating_sub(DIGEST_LINES);
            if more > 0 {
                lines.push((said.more)(more));
            }
            Message {
                title: (said.digest_title)(reminders.len(), overdue),
                body: lines.join("\n"),
                urgent: overdue > 0,
            }
        }
    }
}

/// Characters that reorder the text around them: a name holding one could
/// make a notification read other than it is.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text on one line: line breaks and tabs become spaces, other control
/// characters are dropped, and the ends are trimmed.
pub(crate) fn one_line(text: &str) -> String {
    let spaced: String = text
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() || is_bidi_control(c) => None,
            c => Some(c),
        })
        .collect();
    spaced
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text that keeps its line breaks (a CRLF is one): other control
/// characters are dropped, a tab becomes a space.
pub(crate) fn plain(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() || is_bidi_control(c) => None,
            c => Some(c),
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remind::Reminder;

    fn reminder(title: &str, overdue: bool) -> Reminder {
        Reminder {
            id: title.to_owned(),
            title: title.to_owned(),
            body: format!("Why: {title}"),
            due: "2026-11-20".parse().unwrap(),
            overdue,
            due_at: None,
        }
    }

    #[test]
    fn a_digest_counts_and_names_its_reminders() {
        let digest = Notification::Digest(vec![
            reminder("Thank-you · Paul Martin", true),
            reminder("Update · Ann", false),
            reminder("Nudge · Léa", false),
        ]);
        let en = message(&digest, Lang::En);
        assert_eq!(en.title, "suivi: 3 follow-ups due, 1 overdue");
        assert_eq!(
            en.body,
            "Thank-you · Paul Martin (overdue)\nUpdate · Ann\nNudge · Léa"
        );
        assert!(en.urgent);
        let fr = message(&digest, Lang::Fr);
        assert_eq!(fr.title, "suivi : 3 relances à faire, dont 1 en retard");
        assert!(fr.body.starts_with("Thank-you · Paul Martin (en retard)\n"));
    }

    #[test]
    fn a_digest_of_one_is_singular_and_a_long_one_is_cut_short() {
        let one = Notification::Digest(vec![reminder("a", false)]);
        assert_eq!(message(&one, Lang::En).title, "suivi: 1 follow-up due");
        assert_eq!(message(&one, Lang::Fr).title, "suivi : 1 relance à faire");
        assert!(!message(&one, Lang::En).urgent);
        let many: Vec<Reminder> = (0..7).map(|i| reminder(&format!("r{i}"), false)).collect();
        let body = message(&Notification::Digest(many.clone()), Lang::En).body;
        assert_eq!(body.lines().count(), 6);
        assert!(body.ends_with("\nand 2 more"), "{body}");
        let body = message(&Notification::Digest(many[..6].to_vec()), Lang::Fr).body;
        assert!(body.ends_with("\net 1 autre"), "{body}");
    }

    #[test]
    fn a_notice_is_the_reminder_itself() {
        let notice = Notification::Notice(reminder("Thank-you · Paul Martin", false));
        let text = message(&notice, Lang::En);
        assert_eq!(text.title, "Thank-you · Paul Martin");
        assert_eq!(text.body, "Why: Thank-you · Paul Martin");
    }

    #[test]
    fn hostile_text_is_made_plain() {
        assert_eq!(one_line("  Ty\r\n<b>\tx\u{7}\u{202E}y  "), "Ty <b> xy");
        assert_eq!(plain("a\r\nb\u{0}\u{1b}[31m\tc\n"), "a\nb[31m c");
    }
}
