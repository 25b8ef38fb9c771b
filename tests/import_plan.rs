//! The plan of an import: who is known already and why, what empty
//! properties existing notes gain, who is held back as a possible
//! duplicate, how one person in two files becomes one, and that no name
//! makes a path outside `People/`. Every person here is made up.

use std::path::{Component, Path, PathBuf};

use suivi::config::Config;
use suivi::import::{Contact, Fill, Known, Match, known_people, plan, properties};
use suivi::new_note::{Value, safe_file_stem};
use suivi::note::parse_note;

fn contact(name: &str) -> Contact {
    Contact {
        name: name.to_owned(),
        email: None,
        company: None,
        role: None,
        linkedin: None,
        phone: None,
        file: PathBuf::from("Connections.csv"),
        line: 1,
    }
}

fn known(rel: &str, name: &str) -> Known {
    Known {
        rel: rel.to_owned(),
        name: name.to_owned(),
        ..Known::default()
    }
}

fn text(value: &str) -> Value {
    Value::Text(value.to_owned())
}

#[test]
fn known_people_are_found_by_name_alias_email_and_profile() {
    let vault = vec![
        known("People/Mickaël Arcos.md", "Mickaël Arcos"),
        Known {
            aliases: vec!["Bob Durand".to_owned()],
            ..known("People/Robert Durand.md", "Robert Durand")
        },
        Known {
            email: Some("Claire@Example.org".to_owned()),
            ..known("People/Claire Bas.md", "Claire Bas")
        },
        Known {
            linkedin: Some("https://www.linkedin.com/in/zoel".to_owned()),
            ..known("People/Zoé L.md", "Zoé L")
        },
    ];
    let contacts = vec![
        contact("mickael  ARCOS"),
        contact("Mickae\u{308}l Arcos"),
        contact("bob durand"),
        Contact {
            email: Some(" CLAIRE@example.ORG ".to_owned()),
            ..contact("C. Bas-Dupont")
        },
        Contact {
            linkedin: Some("http://fr.linkedin.com/in/ZoeL/?trk=people".to_owned()),
            ..contact("Zoé Lambert")
        },
        contact("Someone New"),
    ];
    let plan = plan(&contacts, &vault);
    let skipped: Vec<(&str, &str, &Match)> = (plan.skipped.iter())
        .map(|s| (s.contact.name.as_str(), s.rel.as_str(), &s.why))
        .collect();
    assert_eq!(
        skipped,
        vec![
            ("C. Bas-Dupont", "People/Claire Bas.md", &Match::Email),
            ("mickael  ARCOS", "People/Mickaël Arcos.md", &Match::Name),
            (
                "bob durand",
                "People/Robert Durand.md",
                &Match::Alias("Bob Durand".to_owned())
            ),
            ("Zoé Lambert", "People/Zoé L.md", &Match::LinkedIn),
        ]
    );
    let created: Vec<&str> = plan.create.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(created, vec!["Someone New"]);
    // The NFD spelling is the same person as the first contact: merged.
    assert_eq!(plan.merged.len(), 1);
    assert_eq!(plan.merged[0].0.name, "Mickae\u{308}l Arcos");
}

#[test]
fn only_empty_properties_are_filled_and_the_first_value_wins() {
    let vault = vec![Known {
        company: Some("Acme".to_owned()),
        email: Some("jean@acme.example".to_owned()),
        ..known("People/Jean Martin.md", "Jean Martin")
    }];
    let contacts = vec![
        Contact {
            company: Some("Other Co".to_owned()),
            role: Some("CTO".to_owned()),
            email: Some("jean@other.example".to_owned()),
            phone: Some("+33 6 00 00 00 03".to_owned()),
            ..contact("Jean Martin")
        },
        Contact {
            // Found by its e-mail, a second reading: its role comes second.
            email: Some("JEAN@ACME.EXAMPLE".to_owned()),
            role: Some("Founder".to_owned()),
            linkedin: Some("https://www.linkedin.com/in/jean-martin".to_owned()),
            file: PathBuf::from("contacts.vcf"),
            ..contact("J. Martin")
        },
    ];
    let plan = plan(&contacts, &vault);
    let rel = "People/Jean Martin.md".to_owned();
    assert_eq!(
        plan.fill,
        vec![
            Fill {
                rel: rel.clone(),
                key: "role",
                value: text("CTO")
            },
            Fill {
                rel: rel.clone(),
                key: "linkedin",
                value: text("https://www.linkedin.com/in/jean-martin")
            },
            Fill {
                rel: rel.clone(),
                key: "phone",
                value: text("+33 6 00 00 00 03")
            },
        ]
    );
    assert!(plan.create.is_empty());
    assert_eq!(plan.skipped.len(), 2);
}

#[test]
fn close_names_at_one_company_are_held_for_review() {
    let vault = vec![
        Known {
            company: Some("Acme".to_owned()),
            ..known("People/Jean Martin.md", "Jean Martin")
        },
        Known {
            company: Some("Société Générale".to_owned()),
            aliases: vec!["Lea Roux".to_owned()],
            ..known("People/Léa Roux-Blanc.md", "Léa Roux-Blanc")
        },
    ];
    let at = |name: &str, company: &str| Contact {
        company: Some(company.to_owned()),
        ..contact(name)
    };
    let contacts = vec![
        at("Jean-Paul Martin", "ACME"),
        at("Jean Martin", "Acme"),
        at("Jean-Paul Martin Jr", "Other Co"),
        at("Léo Roux", "societe generale"),
        at("Jan Martín", "Acme Corp"),
        at("Paul Durand", "Acme"),
    ];
    let plan = plan(&contacts, &vault);
    let review: Vec<(&str, Vec<(String, String)>)> = (plan.review.iter())
        .map(|r| (r.contact.name.as_str(), r.close.clone()))
        .collect();
    let jean = ("People/Jean Martin.md".to_owned(), "Jean Martin".to_owned());
    let lea = (
        "People/Léa Roux-Blanc.md".to_owned(),
        "Léa Roux-Blanc".to_owned(),
    );
    assert_eq!(
        review,
        vec![("Jean-Paul Martin", vec![jean]), ("Léo Roux", vec![lea])]
    );
    let created: Vec<&str> = plan.create.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        created,
        vec!["Jan Martín", "Jean-Paul Martin Jr", "Paul Durand"]
    );
    assert_eq!(plan.skipped.len(), 1);
}

#[test]
fn one_person_in_two_files_is_created_once_with_both_files_fields() {
    let linkedin = Contact {
        company: Some("Dupont, Fils & Cie".to_owned()),
        role: Some("Cheffe de projet".to_owned()),
        linkedin: Some("https://www.linkedin.com/in/zoe-lefevre".to_owned()),
        line: 5,
        ..contact("Zoé Lefèvre")
    };
    let vcard = Contact {
        email: Some("zoe@example.fr".to_owned()),
        phone: Some("+33 6 00 00 00 01".to_owned()),
        company: Some("Dupont".to_owned()),
        file: PathBuf::from("contacts.vcf"),
        line: 12,
        ..contact("ZOE LEFEVRE")
    };
    let by_email = Contact {
        email: Some("zoe@example.fr".to_owned()),
        file: PathBuf::from("google.csv"),
        line: 2,
        ..contact("Zoé L.")
    };
    let plan = plan(&[linkedin.clone(), vcard.clone(), by_email], &[]);
    assert_eq!(
        plan.create,
        vec![Contact {
            email: vcard.email.clone(),
            phone: vcard.phone.clone(),
            ..linkedin.clone()
        }]
    );
    assert_eq!(plan.merged.len(), 2);
    assert_eq!(plan.merged[0].0, vcard);
    assert_eq!(plan.merged[0].1, linkedin);
}

#[test]
fn the_plan_is_the_same_whatever_the_order_of_the_vault() {
    let mut vault: Vec<Known> = (0..50)
        .map(|n| Known {
            email: Some(format!("p{}@example.org", n % 10)),
            ..known(&format!("People/P{n:02}.md"), &format!("P{n:02}"))
        })
        .collect();
    let contacts: Vec<Contact> = (0..30)
        .map(|n| Contact {
            email: Some(format!("P{}@example.org", n % 15)),
            ..contact(&format!("New {}", 29 - n))
        })
        .collect();
    let first = plan(&contacts, &vault);
    vault.reverse();
    assert_eq!(plan(&contacts, &vault), first);
    // Two notes share each e-mail: the first by path is the one matched.
    assert!(
        first
            .skipped
            .iter()
            .all(|s| s.rel.as_str() < "People/P10.md"),
        "{:?}",
        first.skipped
    );
    let names: Vec<&str> = first.create.iter().map(|c| c.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| suivi::names::name_key(n));
    assert_eq!(names, sorted);
}

#[test]
fn hostile_names_never_make_a_path_outside_people() {
    for name in [
        "../x",
        "../../etc/passwd",
        "CON",
        "con.txt",
        "a|b",
        "..",
        "/abs",
        "C:\\Windows",
        "x\u{0}y",
        "[[People/../../x]]",
        ".hidden",
    ] {
        let stem = safe_file_stem(name);
        let rel = Path::new("People").join(format!("{stem}.md"));
        let components: Vec<Component> = rel.components().collect();
        assert_eq!(components.len(), 2, "{name:?} → {rel:?}");
        assert!(
            components.iter().all(|c| matches!(c, Component::Normal(_))),
            "{name:?} → {rel:?}"
        );
        assert!(
            !stem.starts_with('.') && !stem.contains(['/', '\\']),
            "{name:?}"
        );
        assert_ne!(stem.to_uppercase(), "CON", "{name:?}");
    }
    // A hostile name is found in the note its file name would be.
    let plan = plan(&[contact("a|b")], &[known("People/a b.md", "a b")]);
    assert_eq!(plan.skipped[0].rel, "People/a b.md");
    // Two hostile names that make one file name are one contact.
    let plan = suivi::import::plan(&[contact("a|b"), contact("a/b")], &[]);
    assert_eq!(plan.create.len(), 1);
}

#[test]
fn a_new_note_holds_a_company_link_and_no_status_unless_asked() {
    let zoe = Contact {
        company: Some("Dupont, Fils & Cie".to_owned()),
        role: Some("Cheffe de projet".to_owned()),
        email: Some("zoe@example.fr".to_owned()),
        linkedin: Some("https://www.linkedin.com/in/zoe".to_owned()),
        phone: Some("+33 6".to_owned()),
        ..contact("Zoé")
    };
    assert_eq!(
        properties(&zoe, None),
        vec![
            ("company", Value::Link("Dupont, Fils & Cie".to_owned())),
            ("role", text("Cheffe de projet")),
            ("email", text("zoe@example.fr")),
            ("linkedin", text("https://www.linkedin.com/in/zoe")),
            ("phone", text("+33 6")),
        ]
    );
    let hostile = Contact {
        company: Some("A|B [x]".to_owned()),
        ..contact("X")
    };
    assert_eq!(
        properties(&hostile, Some("to-contact")),
        vec![("company", text("A|B [x]")), ("status", text("to-contact"))]
    );
    let folder = Contact {
        company: Some("../Companies/x".to_owned()),
        ..contact("X")
    };
    assert_eq!(
        properties(&folder, None),
        vec![("company", text("../Companies/x"))]
    );
    // No note can be named so: a link to it would never resolve.
    for name in ["Café \"Le Nord\", SA", "Q: A", "CON", ".net"] {
        let odd = Contact {
            company: Some(name.to_owned()),
            ..contact("X")
        };
        assert_eq!(
            properties(&odd, None),
            vec![("company", text(name))],
            "{name}"
        );
    }
}

#[test]
fn known_people_come_from_person_notes() {
    let config = Config::default();
    let person = "---\naliases: [Bob]\ncompany: \"[[Acme]]\"\nrole: CTO\nemail: bob@example.org\nlinkedin: https://www.linkedin.com/in/bob\nphone: \"+1 555\"\n---\n";
    let notes = vec![
        parse_note("People/Robert Durand.md", person.as_bytes(), &config),
        parse_note(
            "Interviews/2026-11-20 Bob.md",
            b"---\ncontact: \"[[Robert Durand]]\"\ndate: 2026-11-20\n---\n",
            &config,
        ),
        parse_note("Notes/Other.md", b"# nothing\n", &config),
    ];
    assert_eq!(
        known_people(&notes),
        vec![Known {
            rel: "People/Robert Durand.md".to_owned(),
            name: "Robert Durand".to_owned(),
            aliases: vec!["Bob".to_owned()],
            email: Some("bob@example.org".to_owned()),
            linkedin: Some("https://www.linkedin.com/in/bob".to_owned()),
            company: Some("Acme".to_owned()),
            role: Some("CTO".to_owned()),
            phone: Some("+1 555".to_owned()),
        }]
    );
}
