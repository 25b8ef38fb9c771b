//! The French words of [`super::Words`].

use chrono::Datelike;

use super::{
    BaseWords, BuildCounts, CliWords, Drafts, ErrorWords, ImportWords, Issues, MONTHS, Reasons,
    RemindWords, WatchWords, Words, capitalised, month_name,
};

pub(super) const WORDS: Words = Words {
    follow_ups: "Relances",
    people_to_meet: "Personnes à rencontrer",
    companies: "Entreprises",
    interviews: "Entretiens",
    questions: "Questions",
    vault_issues: "Problèmes du coffre",
    generated: "*Page générée par suivi à partir de vos notes : toute modification ici sera écrasée, faites-la dans les notes liées.*",
    overdue: "En retard",
    due_now: "À faire maintenant",
    this_week: "Cette semaine",
    later: "Plus tard",
    nothing_due: "Rien à faire pour l'instant.",
    due: "pour le",
    draft: "Brouillon",
    subject: "Objet :",
    person: "Personne",
    recommended_by: "Recommandée par",
    company: "Entreprise",
    note: "Note",
    may_mention: "Citer la recommandation",
    status: "Statut",
    booked: "Rendez-vous",
    yes: "oui",
    no: "non",
    unknown: "à demander",
    nobody_to_meet: "Personne à rencontrer pour l'instant : demandez à chaque contact qui d'autre rencontrer.",
    network: "Réseau de recommandations",
    network_legend: "Les flèches vont de qui a donné un nom vers la personne nommée. Cadres pleins : personnes rencontrées ; pointillés : à rencontrer.",
    target: "Cible",
    met: "Rencontrées",
    to_meet: "À rencontrer",
    conversations: "Entretiens",
    last_contact: "Dernier contact",
    openings: "Postes évoqués",
    no_companies: "Aucune entreprise pour l'instant.",
    upcoming: "À venir",
    past: "Passés",
    date: "Date",
    contact: "Contact",
    channel: "Canal",
    thank_you: "Remerciement",
    not_sent: "non envoyé",
    per_month: "Par mois",
    month: "Mois",
    referrals_gathered: "Noms recueillis",
    no_interviews: "Aucun entretien pour l'instant.",
    asked: "Questions posées",
    question: "Question",
    times: "Fois",
    asked_to: "Posée à",
    bank: "Banque de questions",
    never_asked: "Jamais posées",
    all_asked: "Toutes les questions de la banque ont été posées.",
    answers: "Réponses",
    no_bank: "Aucune note de banque de questions trouvée.",
    no_answer: "Aucune réponse notée pour l'instant.",
    answer_changed: "Cette réponse a changé pendant l'écriture de la page : elle apparaîtra au passage suivant.",
    file: "Fichier",
    line: "Ligne",
    problem: "Problème",
    fix: "Correction",
    no_issues: "Aucun problème : toutes les notes ont été lues.",
    statuses: [
        "à contacter",
        "contactée",
        "planifiée",
        "rencontrée",
        "a décliné",
        "close",
    ],
    kinds: [
        "Remerciement",
        "Nouvelles",
        "Relance",
        "Vous portez seul la relation",
        "Promesse",
        "Préparation",
        "Boucler la boucle",
        "Poste à venir",
    ],
    tick_records_property: "Cochez une fois fait : suivi inscrit `{key}` dans la note de l'entretien.",
    tick_records_sent: "Cochez une fois envoyé : suivi inscrit `{key}` dans la note de l'entretien.",
    tick_records_touch: "Cochez une fois envoyé : suivi ajoute le message aux `touches` de la note de {person}.",
    tick_records_task: "Cochez une fois fait : suivi coche la tâche dans sa note.",
    tick_gone: "plus aucune action due n'a cet identifiant (faite ou changée depuis l'écriture de la page) : rien n'est inscrit",
    write_mail: "L'écrire dans votre messagerie",
    first_steps: |folder, template| {
        format!(
            "Aucun entretien noté pour l'instant. Notez le premier avec `suivi new interview --contact \"Son nom\" --date 2026-12-03`, ou créez une note dans {folder} à partir du modèle {template}."
        )
    },
    base: BaseWords {
        title: "Personnes",
        generated: "Généré par suivi : tant que la ligne ci-dessus est là, suivi remet ce fichier tel qu'il l'a écrit. Pour une vue à vous, copiez-le hors de ce dossier. Les cellules modifient les notes des personnes.",
        name: "Nom",
        role: "Rôle",
        snooze_until: "En pause jusqu'au",
        email: "E-mail",
        to_contact: "À contacter",
    },
    reasons: REASONS,
    drafts: DRAFTS,
    issues: ISSUES,
    cli: CLI,
    import: IMPORT,
    watch: WATCH,
    remind: REMIND,
    errors: ERRORS,
};

const REASONS: Reasons = Reasons {
    through: |r| format!(" grâce à {r}"),
    thank_you: |who, met, through| {
        format!("Vous avez rencontré {who} le {met}{through} ; aucun remerciement envoyé.")
    },
    update: |who, last_contact| {
        format!("Dernier contact avec {who} le {last_contact} : donnez-lui de vos nouvelles.")
    },
    nudge: |who, promised| {
        format!("{who} devait revenir vers vous avant le {promised} ; rien depuis : relancez.")
    },
    driving: |p, outs| {
        format!(
            "Vos {outs} derniers messages à {p} sont restés sans réponse : gardez d'autres pistes ouvertes."
        )
    },
    promise: |p, task| format!("Promis à {p} : {task}"),
    prep_reread: "relisez la note de l'entreprise, ",
    prep_research: "renseignez-vous sur l'entreprise (pas encore de note), ",
    prep: |who, day, time, through, company, questions| {
        format!(
            "Entretien avec {who} le {day}{time}{through} : {company}{questions} question(s) prévue(s) ; demandez qui d'autre rencontrer."
        )
    },
    close_the_loop: |met, on, p| {
        format!(
            "Vous avez rencontré {met} le {on} grâce à {p} : dites-lui comment cela s'est passé."
        )
    },
    opening: |who, role, expected| match role {
        Some(r) => format!(
            "{who} attendait l'ouverture d'un poste ({r}) vers le {expected} : demandez où cela en est."
        ),
        None => format!(
            "{who} attendait l'ouverture d'un poste vers le {expected} : demandez où cela en est."
        ),
    },
    and: " et ",
    touch_thank_you: "remerciement",
    touch_update: "nouvelles de ma recherche",
    touch_nudge: "relance",
    touch_close_the_loop: |met| format!("raconté ma rencontre avec {met}"),
    touch_opening: "question sur le poste",
};

const DRAFTS: Drafts = Drafts {
    hello: "Bonjour",
    written_date: |date| {
        let month = month_name(&MONTHS[1], date);
        if date.day() == 1 {
            format!("1er {month} {}", date.year())
        } else {
            format!("{} {month} {}", date.day(), date.year())
        }
    },
    thank_you: |hello, on, topic| match topic {
        Some(s) => (
            format!("{} : merci pour votre temps", capitalised(s)),
            format!(
                "{hello} merci pour notre échange du {on} sur « {s} ». Vos conseils m'aident à préciser mes prochaines étapes ; je vous tiendrai au courant."
            ),
        ),
        None => (
            format!("Notre échange du {on} : merci"),
            format!(
                "{hello} merci pour le temps que vous m'avez accordé le {on}. Vos conseils m'aident à préciser mes prochaines étapes ; je vous tiendrai au courant."
            ),
        ),
    },
    update: |hello, on| {
        (
            "Des nouvelles de ma recherche".to_owned(),
            format!(
                "{hello} depuis notre dernier échange ({on}), j'ai avancé : [ce que vous avez fait, qui vous avez rencontré, ce que vous visez maintenant]. Merci encore pour vos conseils ; je serais heureux d'avoir aussi de vos nouvelles."
            ),
        )
    },
    close_the_loop: |hello, met, on| {
        (
            format!("J'ai rencontré {met} : merci"),
            format!(
                "{hello} grâce à vous, j'ai rencontré {met} le {on}. L'échange m'a beaucoup apporté : [une chose apprise]. Merci pour la mise en relation ; je vous tiendrai au courant."
            ),
        )
    },
};

const ISSUES: Issues = Issues {
    conflict_copy: "une copie de conflit de synchronisation : ses modifications ne sont pas lues",
    conflict_copy_fix: "reportez ses ajouts dans la note d'origine, puis supprimez la copie",
    unreadable: |reason| format!("illisible : {reason}"),
    unreadable_fix: "vérifiez les droits du fichier",
    misspelt: |name, meant| {
        format!("suivi ne lit pas la propriété {name} : vouliez-vous dire {meant} ?")
    },
    misspelt_fix: |meant| format!("renommez-la {meant}"),
    not_a_page: "ce fichier n'est pas une page de suivi : il est laissé tel quel et la page n'est pas écrite",
    symlink_page: "un lien symbolique : suivi n'écrit jamais à travers, la page n'est donc pas écrite",
    blocked_page_fix: "déplacez ou renommez ce fichier ; la page sera écrite au passage suivant",
    daily_settings: |error| {
        format!(
            "les réglages des notes quotidiennes d'Obsidian sont illisibles ({error}) : les notes quotidiennes ne comptent pas comme contacts"
        )
    },
    daily_format: |format, error| {
        format!(
            "suivi ne sait pas lire le format des notes quotidiennes {format} : {error} ; les notes quotidiennes ne comptent pas comme contacts"
        )
    },
    daily_fix: "indiquez `daily_format` (comme \"YYYY-MM-DD\") dans .suivi.toml, ou `daily_notes = false`",
    daily_token: |token, names| format!("suivi ne lit pas le jeton `{token}` : {names}"),
    daily_unread: [
        "une année de largeur quelconque : écrivez `YYYY`",
        "une année complétée de zéros : écrivez `YYYY`",
        "les mois ordinaux",
        "un jour de l'année",
        "un numéro de jour de la semaine",
        "un numéro de semaine désigne une semaine, pas un jour",
        "un trimestre désigne trois mois, pas un jour",
        "une heure : une note quotidienne porte le nom de son jour",
        "un horodatage désigne un instant",
        "un fuseau horaire",
        "le format d'une langue : écrivez ses jetons",
        "une ère",
    ],
    daily_no_day: "il ne désigne pas un seul jour : il lui faut une année, un mois et un jour du mois",
    name_taken: |name, owner| format!("« {name} » est aussi le nom de {owner}, qui l'emporte"),
    name_taken_fix: "fusionnez les deux fiches, ou retirez ce nom des `aliases` de l'une",
    value_kinds: [
        "rien",
        "une case à cocher",
        "un nombre",
        "du texte",
        "une liste",
        "un dictionnaire",
    ],
    not_utf8: "texte qui n'est pas en UTF-8 valide",
    not_utf8_fix: "enregistrez la note en UTF-8 dans votre éditeur",
    merge_conflict: "un conflit de fusion non résolu (`<<<<<<<` … `>>>>>>>`) : la note n'est pas lue",
    merge_conflict_fix: "gardez une version et supprimez les lignes de marqueurs",
    blank_before_fence: "lignes vides avant le `---` d'ouverture : Obsidian ne lit pas ces propriétés",
    blank_before_fence_fix: "supprimez les lignes vides pour que `---` soit la première ligne",
    fence_unclosed: "les propriétés ouvertes par `---` ne sont jamais fermées",
    fence_unclosed_fix: "ajoutez une ligne `---` après la dernière propriété",
    yaml_unreadable: |message| format!("les propriétés sont illisibles : {message}"),
    yaml_fix: "corrigez le YAML entre les lignes `---` ; mettez entre guillemets les valeurs contenant `:`, `#`, `[[` ou `{{`",
    placeholder: |key| format!("`{key}` contient encore un champ de modèle"),
    placeholder_fix: "remplissez-le, ou appliquez à nouveau le modèle dans Obsidian",
    no_contact: "un entretien sans `contact` : avec qui avez-vous parlé ?",
    no_contact_fix: "ajoutez `contact: \"[[Son nom]]\"`",
    no_date: "un entretien sans `date`",
    no_date_fix: "ajoutez `date: 2026-11-20` (ou avec l'heure `2026-11-20T14:30`)",
    expected_kinds: [
        "du texte",
        "une liste de textes",
        "un lien",
        "un lien ou une liste de liens",
        "un nombre entier",
        "une case à cocher (true ou false)",
        "une liste de noms ou de dictionnaires avec un `name`",
        "une liste d'échanges",
    ],
    wrong_kind: |key, wanted, found| format!("`{key}` devrait être {wanted}, pas {found}"),
    wrong_kind_fix: |key, example| format!("écrivez-la comme `{key}: {example}`"),
    example_text: "un texte",
    example_texts: "[premier, second]",
    example_touches: "[\"2026-11-20 out email: envoyé mon CV\"]",
    unquoted_link: |key| {
        format!("`{key}` contient un lien sans guillemets, que YAML lit comme une liste imbriquée")
    },
    unquoted_link_fix: |key, name| format!("mettez-le entre guillemets : `{key}: \"[[{name}]]\"`"),
    not_a_date: |key, shown| format!("`{key}` n'est pas une date : {shown}"),
    not_a_date_fix: |key| format!("écrivez une date comme `{key}: 2026-11-20`"),
    unknown_status: |shown| format!("`status` inconnu : {shown:?}"),
    unknown_status_fix: |known| format!("utilisez l'un de : {known}"),
    bad_touch: |shown| {
        format!(
            "une entrée de `touches` n'est pas une date, `out` ou `in`, un canal et une note{shown}"
        )
    },
    bad_touch_fix: "écrivez les entrées comme `- \"2026-11-20 out email: envoyé mon CV\"` (canal et note facultatifs)",
};

const CLI: CliWords = CliWords {
    build_summary: |c| {
        let BuildCounts {
            notes,
            conversations,
            people,
            companies,
            actions,
            overdue,
            written,
            unchanged,
            output,
        } = c;
        format!(
            "{notes} notes : {conversations} entretiens, {people} personnes, {companies} entreprises. {actions} actions ({overdue} en retard). Pages : {written} écrites, {unchanged} inchangées, dans {output}/."
        )
    },
    issues_hint: |issues, page| {
        format!("{issues} problème(s) dans le coffre : lancez `suivi check`, ou ouvrez {page}")
    },
    check_summary: |issues, notes| format!("{issues} problème(s) dans {notes} note(s)"),
    tick_recorded: |id, what| format!("cochée {id} : inscrite, {what}"),
    tick_not_recorded: |id, why| format!("cochée {id} : non inscrite : {why}"),
    recorded_id: |id, what| format!("{id} : inscrite, {what}"),
    recorded: |what| format!("inscrit : {what}"),
    not_recorded_id: |id, why| format!("{id} : non inscrite : {why}"),
    not_recorded: |why| format!("non inscrit : {why}"),
    undone: |description, named, more| match more {
        0 => format!("annulé : {description} ({named})"),
        more => format!("annulé : {description} ({named} et {more} autres)"),
    },
    watch_updates: "suivi watch tourne : il met les pages à jour.",
    page_written: |path| format!("écrite : {path}"),
    page_not_written: |error| format!("impossible d'écrire une page : {error}"),
    cannot_write_vault: |dir| format!("{dir} : impossible d'écrire le coffre"),
    cannot_write_sample: |dir| format!("{dir} : impossible d'écrire le coffre d'exemple"),
    init_written: |files, dir| format!("{files} fichier(s) écrit(s) dans {dir}"),
    init_skipped: |file| format!("laissé tel quel, déjà présent : {file}"),
    init_next: |dir| {
        format!("Ouvrez {dir} comme coffre dans Obsidian, puis lancez : suivi watch --vault {dir}")
    },
    demo_reused: |dir| format!("Coffre d'exemple déjà présent dans {dir}, repris tel quel"),
    demo_wrote: |dir| format!("Coffre d'exemple écrit dans {dir}"),
    demo_pages: |dir| format!("\nLes pages sont dans {dir} :"),
    demo_watching: |dir| {
        format!(
            "suivi surveille le coffre : modifiez une note de {dir} (ou ouvrez-le dans Obsidian) et les pages suivent. Ctrl-C pour arrêter."
        )
    },
    bad_when: |given| {
        format!("--date {given:?} n'est pas une date comme 2026-11-25 ou 2026-11-25T14:30")
    },
    not_an_id: |given, digits| {
        format!(
            "{given:?} n'est pas un identifiant d'action : donnez au moins {digits} des chiffres hexadécimaux que montre `suivi due`"
        )
    },
    no_such_id: |given| {
        format!("aucune action due n'a l'identifiant {given} : lancez `suivi due` pour les voir")
    },
    ambiguous_id: |given, count, ids| {
        format!("{given} désigne {count} actions ({ids}) : donnez plus de chiffres")
    },
    bad_channel: |given| {
        format!("--channel prend un seul mot, comme email, phone ou linkedin (reçu {given:?})")
    },
    until_or_for: "donnez --until DATE ou --for une durée comme 2w",
    nobody_new: |name| {
        format!(
            "personne ne s'appelle {name:?} dans ce coffre ; pour une nouvelle personne : suivi new person {name:?}"
        )
    },
    nobody_close: |name, close| {
        format!("personne ne s'appelle {name:?} dans ce coffre ; vouliez-vous dire : {close} ?")
    },
    bad_length: |given| format!("--for prend une durée comme 10d, 2w ou 3m (reçu {given:?})"),
    bad_day: |given| format!("{given:?} n'est pas une date comme 2026-11-20"),
    bad_poll: "--poll prend un nombre de secondes entre 0.05 et 3600",
};

const IMPORT: ImportWords = ImportWords {
    created: |applied, n| {
        if applied {
            format!("Notes de personne créées ({n})")
        } else {
            format!("Notes de personne à créer ({n})")
        }
    },
    filled: |applied, n, notes| {
        format!(
            "Propriétés vides {} ({n}, dans {notes} note(s) existante(s))",
            if applied { "remplies" } else { "à remplir" },
        )
    },
    skipped: |n| format!("Déjà dans le coffre, laissés tels quels ({n})"),
    same_email: "même e-mail",
    same_linkedin: "même profil LinkedIn",
    same_name: "même nom",
    merged: "Une même personne dans deux entrées, prise une fois :",
    same_as: "la même que",
    review: "Doublons possibles, non créés (ajoutez cette graphie aux `aliases` de la note, ou créez la note vous-même) :",
    held: "Non remplies : ces notes ont un problème, que suivi ne contourne pas ; corrigez-le, puis importez de nouveau :",
    waiting: "en attente :",
    taken: "Non créées : un fichier de ce nom existe et n'est pas une note de personne (renommez-le, ou donnez-lui `type: person`, puis importez de nouveau) :",
    colon: " :",
    nothing_written: |notes, fills| {
        format!(
            "Rien n'est écrit ({notes} note(s) à créer, {fills} propriété(s) à remplir) : relancez avec --apply pour l'écrire."
        )
    },
    not_written: |failed| {
        format!(
            "{failed} modification(s) non écrite(s) (voir plus haut) ; `suivi undo` retire ce qui l'a été."
        )
    },
    nameless: "un contact sans nom, laissé de côté",
    not_created: "non créée",
    not_filled: "non remplie",
    bad_status: |given, known| format!("--status {given:?} : choisissez parmi {known}"),
    write_notes_off: "`write_notes = false` dans .suivi.toml : suivi n'écrit aucune note ; mettez-le à true pour importer, ou lancez sans --apply pour voir ce qu'il ferait",
    unterminated_quote: "ce guillemet n'est jamais fermé",
    field_count: |expected, found| {
        format!("cette ligne a {found} champs alors que l'en-tête en a {expected}")
    },
    unknown_format: "fichier de contacts inconnu : suivi attend le Connections.csv de LinkedIn, un CSV de Google Contacts ou des vCards",
    unclosed_card: "cette carte n'a pas de END:VCARD",
    end_without_begin: "END:VCARD sans BEGIN:VCARD avant",
    outside_card: "texte hors d'une carte : BEGIN:VCARD attendu",
};

const WATCH: WatchWords = WatchWords {
    error: "erreur : ",
    warning: "attention : ",
    watching: |dir| format!("suivi surveille {dir} (Ctrl-C pour arrêter)"),
    stopped: "arrêté",
    notes_read: |notes| format!("{notes} notes lues"),
    no_note_changed: "aucune note modifiée",
    one_changed: |note| format!("{note} modifiée"),
    many_changed: |first, more| format!("{first} et {more} autres modifiées"),
    pages_written: |pages| format!("{pages} à jour"),
    pages_not_written: |count| format!("{count} page(s) NON écrite(s)"),
    no_page_changed: "aucune page ne change",
    pass: |why, did, ms| format!("{why} : {did} ({ms} ms)"),
    retry_in: |secs| format!("les pages non écrites sont retentées dans {secs} s"),
    ticked: |id, recorded| format!("cochée {id} : inscrite dans {recorded}"),
    tick_not_recorded: |id, why| format!("cochée {id} : non inscrite : {why}"),
    page_not_written: |error| format!("impossible d'écrire une page : {error}"),
    rescan: |error| format!("erreur de surveillance, tout le coffre est relu : {error}"),
    polling: |secs| format!("examen du dossier toutes les {secs} s"),
    too_many_folders: "la limite du système en dossiers surveillés est atteinte ; examen toutes les 2 s à la place. Pour surveiller nativement, relevez-la : sudo sysctl fs.inotify.max_user_watches=524288 (et ajoutez cette ligne à /etc/sysctl.conf pour la garder)",
    vault_gone: |dir| format!("le dossier du coffre {dir} a disparu ; arrêt"),
    told_digest: |actions| format!("envoyé : le récapitulatif du jour, {actions} action(s)"),
    told: |title| format!("envoyé : {title}"),
    not_saved: |error| {
        format!("{error} : un redémarrage aujourd'hui pourrait les envoyer de nouveau")
    },
    page_changed_outside: "une page a été modifiée hors de suivi",
    clock_moved: |today| format!("la date passe au {today}"),
    retrying: "nouvel essai des pages non écrites",
    holding: |ms| format!("passage retenu {ms} ms"),
    batch_ignored: "lot ignoré : il ne contient ni note ni page",
    batch: "lot",
    no_indexed_note_changed: "aucune note indexée n'a changé",
    pages_hold: "chaque page contient ce que le dernier passage a écrit",
    unchanged_pages: |pages| format!("inchangées : {pages}"),
    refreshed: "l'index est mis à jour sur place",
    still_changing: |note| {
        format!("{note} est encore illisible et change encore : relue dans un instant")
    },
    no_reminders: "notify = [] : aucun rappel n'est envoyé",
    nothing_new: "rien de nouveau à signaler",
    still_sending: "des rappels étaient encore en cours d'envoi à l'arrêt",
    cannot_open_vault: |dir| format!("{dir} : impossible d'ouvrir le coffre"),
    cannot_listen: "impossible d'écouter Ctrl-C et SIGTERM",
    cannot_start_watching: "impossible de commencer la surveillance",
    cannot_watch: |dir| format!("impossible de surveiller {dir}"),
    cannot_start_polling: "impossible de commencer l'examen du dossier",
    cannot_poll: |dir| format!("impossible d'examiner {dir}"),
};

const ERRORS: ErrorWords = ErrorWords {
    writes_off: |rel| {
        format!(
            "{rel} : non modifiée, `write_notes = false` dans .suivi.toml ; mettez-le à true pour que suivi l'inscrive, ou inscrivez-le à la main"
        )
    },
    bad_path: |rel, reason| format!("{rel} : pas une note que suivi peut modifier : {reason}"),
    symlink_note: |rel, link| {
        format!(
            "{rel} : `{link}` est un lien symbolique ; suivi ne modifie jamais à travers un lien : modifiez la note à la main"
        )
    },
    not_a_file: |rel| format!("{rel} : pas un fichier ordinaire ; suivi ne modifie que des notes"),
    no_such_note: |rel| {
        format!(
            "{rel} : note introuvable ; elle a été déplacée ou supprimée depuis : relancez la construction"
        )
    },
    note_exists: |rel| format!("{rel} : existe déjà ; suivi n'écrit jamais par-dessus une note"),
    not_utf8: |rel| {
        format!(
            "{rel} : texte qui n'est pas de l'UTF-8 ; enregistrez la note en UTF-8 dans votre éditeur, puis réessayez"
        )
    },
    note_has_issue: |rel, line, message, fix| {
        format!(
            "{rel}:{line} : la note a un problème ({message}) ; suivi ne la modifie pas tant qu'il n'est pas corrigé : {fix}"
        )
    },
    keeps_changing: |rel, attempts| {
        format!(
            "{rel} : un autre programme modifiait sans cesse la note ({attempts} essais) ; rien n'est inscrit : réessayez une fois qu'elle est enregistrée"
        )
    },
    nothing_to_undo: "rien à annuler : suivi n'a modifié aucune note de ce coffre, ou toutes ses modifications sont annulées",
    changed_since: |description, notes| {
        format!(
            "impossible d'annuler « {description} » : {notes} ont changé depuis que suivi les a modifiées ; modifiez-les à la main, ou n'annulez rien"
        )
    },
    journal_link: |path| {
        format!(
            "{path} : lien symbolique ou pas un dossier ; suivi ne tient son journal que dans un vrai dossier `.suivi`"
        )
    },
    journal: |path, line, message| {
        format!(
            "{path}:{line} : le journal est illisible ({message}) ; l'annulation en a besoin en entier"
        )
    },
    duplicate_key: |key, first, second| {
        format!(
            "`{key}` est écrite deux fois (lignes {first} et {second}) ; suivi ne devine pas laquelle compte : retirez-en une"
        )
    },
    unclosed: "les propriétés ouvertes par `---` à la ligne 1 ne sont jamais fermées : ajoutez une ligne `---` après la dernière propriété",
    unparsable: |line, message| {
        format!(
            "les propriétés sont illisibles (ligne {line} : {message}) : corrigez d'abord le YAML"
        )
    },
    block_scalar: |key, line| {
        format!(
            "`{key}` (ligne {line}) contient un texte sur plusieurs lignes (`|` ou `>`) ; suivi ne le réécrit pas : modifiez-le à la main"
        )
    },
    multi_line: |key, line| {
        format!(
            "la valeur de `{key}` (ligne {line}) s'étend sur plusieurs lignes ; suivi ne réécrit qu'une valeur d'une ligne : modifiez-la à la main"
        )
    },
    anchor_or_tag: |key, line| {
        format!(
            "`{key}` (ligne {line}) porte une ancre, un alias ou une étiquette YAML (`&`, `*`, `!`) ; suivi ne la modifie pas : modifiez-la à la main"
        )
    },
    not_a_scalar: |key, line| {
        format!(
            "`{key}` (ligne {line}) contient une liste ou un dictionnaire, pas une valeur ; suivi ne le remplace pas : modifiez-le à la main"
        )
    },
    not_a_list: |key, line| {
        format!(
            "`{key}` (ligne {line}) contient une valeur, pas une liste ; suivi n'ajoute des éléments qu'à une liste : faites-en une liste, ou ajoutez-le à la main"
        )
    },
    complex: |key, line| {
        format!(
            "`{key}` (ligne {line}) est écrite sous une forme que suivi ne modifie pas (dictionnaire en ligne, liste sur plusieurs lignes, clé indentée ou complexe) : modifiez-la à la main"
        )
    },
    invalid_key: |key| {
        format!("`{key}` n'est pas un simple nom de propriété (lettres, chiffres, `_`, `-`)")
    },
    task_missing: |line| {
        format!(
            "la ligne {line} n'est plus une tâche ouverte (`- [ ] …`) : la note a changé depuis ; relancez la construction et cochez de nouveau"
        )
    },
    task_changed: |line, found, expected| {
        format!(
            "la tâche de la ligne {line} se lit maintenant {found:?}, et non {expected:?} : la note a changé depuis ; relancez la construction et cochez de nouveau"
        )
    },
    check_failed: |reason| {
        format!(
            "la note modifiée ne se lirait pas comme l'ancienne plus la seule modification ({reason}) ; rien n'est écrit : merci de signaler ce problème"
        )
    },
    warning_not_task: |text| {
        format!(
            "« {text} » est un avertissement, pas une tâche : mettez la personne en pause, ou notez sa réponse"
        )
    },
    task_gone: |note, task| format!("{note} : la tâche « {task} » n'est plus ouverte dans la note"),
    new_exists: |path| format!("{path} existe déjà ; suivi n'écrase jamais une note"),
    lock_held: |pid, host| {
        format!(
            "un autre suivi watch (pid {pid}, hôte {host}) tient déjà ce coffre ; arrêtez-le d'abord"
        )
    },
    lock_starting: "un autre suivi watch démarre sur ce coffre ; arrêtez-le d'abord",
    lock_other_host: |path, pid, host| {
        format!(
            "{path} désigne un suivi watch sur une autre machine (pid {pid}, hôte {host}), qui tient ce coffre synchronisé ; arrêtez-le là-bas, ou supprimez le fichier s'il ne tourne plus"
        )
    },
    page_symlink: |path| {
        format!("{path} : lien symbolique ; suivi n'écrit jamais à travers un lien")
    },
    page_changed_meanwhile: |path| {
        format!(
            "{path} : a changé pendant que suivi l'écrivait (une case cochée, une modification) : laissé tel quel, et relu au passage suivant"
        )
    },
};

const REMIND: RemindWords = RemindWords {
    overdue: |title| format!("{title} (en retard)"),
    more: |more| match more {
        1 => "et 1 autre".to_owned(),
        more => format!("et {more} autres"),
    },
    digest_title: |count, overdue| {
        let plural = if count == 1 { "" } else { "s" };
        if overdue > 0 {
            format!("suivi : {count} relance{plural} à faire, dont {overdue} en retard")
        } else {
            format!("suivi : {count} relance{plural} à faire")
        }
    },
    open_follow_ups: "Ouvrir les relances",
    desktop_unavailable: |reason| format!("aucun service de notifications du bureau ({reason})"),
    desktop_not_shown: |error| format!("{error} : les rappels ne sont pas affichés sur ce bureau"),
    desktop_no_thread: |error| {
        format!(
            "pas de fil d'exécution pour les notifications du bureau, elles sont coupées : {error}"
        )
    },
    desktop_dropped: "notifications du bureau en attente : l'une d'elles est abandonnée",
    no_click_thread: |error| {
        format!("pas de fil d'exécution pour attendre un clic sur la notification : {error}")
    },
    opener_failed: |opener, status| {
        format!("{opener} n'a pas pu ouvrir la page des relances ({status})")
    },
    opener_not_run: |opener, error| {
        format!("{opener} n'a pas pu être lancé pour ouvrir la page des relances : {error}")
    },
    ntfy_unreachable: |server, reason| {
        format!("le serveur ntfy {server} est injoignable : {reason}")
    },
    ntfy_refused: |server, status| {
        format!("le serveur ntfy {server} a refusé l'envoi : statut HTTP {status}")
    },
    ntfy_missed: |error| format!("{error} ; un rappel n'est pas arrivé sur le téléphone"),
    ntfy_queued_up: "envois ntfy en attente : un rappel est abandonné",
    ntfy_no_thread: |error| {
        format!("pas de fil d'exécution pour les envois ntfy, ils sont coupés : {error}")
    },
    ntfy_retry: |error, pause| format!("{error} ; nouvel essai dans {pause}"),
    sent_unwritable: |path, error| format!("{path} : impossible de l'écrire : {error}"),
    sent_unreadable: |path, error| format!("{path} : illisible, on repart de zéro : {error}"),
    sent_damaged: |path, error| format!("{path} : abîmé, on repart de zéro : {error}"),
};
