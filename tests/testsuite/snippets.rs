//! Shared advice: one file, taken by several articles with `:::snippet <key>`, so a rule change
//! is one edit; errors inside it name its own file and line; the build cache sees its edits.

use crate::harness::{TestSite, article, build_into, expect_error, first_difference, snapshot};

fn site() -> TestSite {
    TestSite::new()
        .file(
            "content/snippets/back-to-preschool/sv.md",
            "- Barnet kan gå tillbaka när det har varit feberfritt i ett dygn.\n",
        )
        .article(
            "fever",
            "sv",
            &article(
                "Feber",
                "",
                "## Råd\n\n:::care selfcare\n- Drick ofta.\n:::snippet back-to-preschool\n:::\n\nSlut.\n",
            ),
        )
        .article(
            "sick-child",
            "sv",
            &article(
                "Sjukt barn",
                "",
                "## Tillbaka\n\n:::snippet back-to-preschool\n- Efter magsjuka: två dygn.\n",
            ),
        )
}

/// Ensure two articles show the shared text where they take it (inside a care card too), and
/// one edit of the shared file changes both, with a cached build equal to a clean one.
#[test]
fn one_shared_text_is_shown_in_every_article_that_takes_it() {
    let site = site();
    let out = site.root().join("public");
    build_into(&site, &out, true);
    let fever = std::fs::read_to_string(out.join("sv/fever/index.html")).expect("fever");
    let card = &fever[fever.find("care--selfcare").expect("the care card")..];
    let card = &card[..card
        .find("</section>")
        .or_else(|| card.find("</aside>"))
        .expect("end")];
    assert!(
        card.contains("feberfritt i ett dygn"),
        "in the care card: {card}"
    );
    assert!(
        !fever.contains(":::snippet"),
        "the include line is replaced"
    );
    let child = std::fs::read_to_string(out.join("sv/sick-child/index.html")).expect("child");
    assert!(child.contains("feberfritt i ett dygn") && child.contains("Efter magsjuka"));

    let site = site.edit(
        "content/snippets/back-to-preschool/sv.md",
        "i ett dygn",
        "i två dygn",
    );
    build_into(&site, &out, true);
    for page in ["sv/fever/index.html", "sv/sick-child/index.html"] {
        let html = std::fs::read_to_string(out.join(page)).expect("page");
        assert!(
            html.contains("feberfritt i två dygn"),
            "{page} follows the edit"
        );
    }
    let clean = tempfile::tempdir().expect("tempdir");
    build_into(&site, &clean.path().join("public"), false);
    if let Some(diff) = first_difference(&snapshot(&out), &snapshot(&clean.path().join("public"))) {
        panic!("the cached build differs from a clean one: {diff}");
    }
}

/// Ensure a missing shared text is an error at the line that takes it, with a suggestion, and
/// a broken link inside a shared text is reported once, at the shared file's own line.
#[test]
fn shared_text_errors_name_the_right_file_and_line() {
    let errors = site()
        .edit(
            "content/articles/sick-child/sv.md",
            ":::snippet back-to-preschool",
            ":::snippet back-to-preschol",
        )
        .build_err();
    let d = expect_error(
        &errors,
        "no shared text `back-to-preschol` in `sv`",
        "content/articles/sick-child/sv.md",
        Some(11),
    );
    assert!(
        d.help
            .as_deref()
            .is_some_and(|h| h.contains("back-to-preschool")),
        "{d}"
    );

    let errors = site()
        .file(
            "content/snippets/back-to-preschool/sv.md",
            "- Barnet kan gå tillbaka.\n- Läs om [feber](article:fevr).\n",
        )
        .build_err();
    let found: Vec<_> = errors
        .iter()
        .filter(|d| d.message.contains("fevr"))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "once, for both articles that take it: {errors:?}"
    );
    for d in found {
        assert_eq!(
            d.file,
            std::path::Path::new("content/snippets/back-to-preschool/sv.md")
        );
        assert_eq!(d.position.map(|p| p.line), Some(2), "{d}");
    }
}

/// Ensure a review covers the shared texts an article takes: editing one after the review makes
/// `check --strict` fail for the article, and a new review clears it.
#[test]
fn a_review_covers_the_shared_texts_an_article_takes() {
    let site = site();
    let run = |args: &[&str]| crate::harness::vardguide(&site, args);
    for key in ["fever", "sick-child"] {
        let done = run(&["review", key, "--by", "Karin Ek", "--role", "Läkare"]);
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
    }
    assert!(
        run(&["check", "--strict"]).status.success(),
        "freshly reviewed"
    );
    std::fs::write(
        site.root().join("content/snippets/back-to-preschool/sv.md"),
        "- Barnet kan gå tillbaka när det har varit feberfritt i två dygn.\n",
    )
    .expect("edit the shared text");
    let out = run(&["check", "--strict"]);
    assert!(
        !out.status.success(),
        "the shared text changed after the review"
    );
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    for key in ["fever", "sick-child"] {
        assert!(
            said.contains(&format!("content/articles/{key}/sv.md"))
                && said.contains("the text changed after its review"),
            "{key}: {said}"
        );
    }
    for key in ["fever", "sick-child"] {
        assert!(
            run(&["review", key, "--by", "Karin Ek", "--role", "Läkare"])
                .status
                .success()
        );
    }
    assert!(
        run(&["check", "--strict"]).status.success(),
        "reviewed again"
    );
}
