//! Golden tests: every sample page in `samples/<case>/<case>.html` is run through the real
//! `dehusk` binary and its text compared, byte for byte, with `samples/<case>/expected.txt`.
//!
//! Run: `cargo test --test golden`. A mismatch prints a line diff: `-` lines are in
//! expected.txt but not in dehusk's output (article text dehusk lost), `+` lines are in the
//! output but not expected (boilerplate dehusk kept).
//!
//! Bless mode: `DEHUSK_BLESS=1 cargo test --test golden` writes dehusk's actual output to
//! each `expected.txt` instead of comparing. Only bless on purpose, after an extractor
//! change you have judged to be an improvement, and read the git diff of `samples/`
//! before committing. The first expected files were written by hand: they are what a
//! perfect extractor should print (headline, then article blocks, nothing else), not what
//! dehusk printed at the time.
//!
//! Each sample also has sentinels (phrases that MUST appear and boilerplate phrases that
//! MUST NOT), checked on the output independently of expected.txt, so the intent of a
//! sample survives a careless bless. `expected_files_honour_their_sentinels` checks the
//! expected files themselves against the sentinels, so the two cannot drift apart.
//!
//! Boilerplate with obvious class names (`breadcrumbs`, `share-bar`, `donate-box`,
//! `newsletter-signup`, `cookie-consent`, `comments`, `widget_ranking`, `related`,
//! `ad-slot`, `sidebar`, `<nav>`/`<aside>`/`<footer>` tags) tests the name signals. The
//! following carry NO boilerplate word in their class/id, so only structure (link
//! density, position, stub shape, repetition) can find them:
//! - wire-story-donation: `div.mp-inline-card` ("Read more:" teaser inside the body),
//!   `div.top-strip` (date and account links), `div.corrections-note`.
//! - breadcrumb-vote-lists: the breadcrumb `div.position` ("Current:Home > World > …"),
//!   the "View"/"Date: …" stubs in `div.info`, the vote widget `div.digg`
//!   ("veryGood! (243)"), the Recommendation list `div.rcm` (inside the article box), the
//!   picture box `div.hot-pic`, the page foot `div.bottom`.
//! - magazine-check-also: the "Check Also" teaser `div.check-also-box` inside the body
//!   (its inner `post-title` even reads as positive), the author bio `div.about-writer`,
//!   the view counter `div.td-post-views`, the prev/next links `div.td-post-next-prev`.
//! - clean-page: the date line `p.post-date`.
//! - legacy-charset: a table layout with no telling names at all (`leftcol`, `storycol`,
//!   `rightcol`, `morebox`): the headline as `<font><b>` (must not be repeated as a body
//!   line), byline/date/print links, the "MORE LOCAL NEWS" box and the story-ID line all
//!   sit in the same cell as the article, whose paragraphs are split by `<br><br>`.
//! - split-sections: CSS-module names; `ArticleBody_inlineUnit__q8Hh3` is a "Most read"
//!   list between sections whose name reads as article body; `ArticleHeader_actions__…`
//!   (buttons, "Gift this article").
//!
//! Conventions of the expected files: figure captions that are only a photo credit are
//! boilerplate; a block quote's paragraphs are lines of their own; table rows are
//! `cell | cell`, header rows included; list items one per line, without bullets.

// A failed fixture step should fail the test loudly; that is what unwrap/expect are for here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod sample_cases;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};

use sample_cases::samples;

const BIN: &str = env!("CARGO_BIN_EXE_dehusk");
const BLESS_VAR: &str = "DEHUSK_BLESS";

/// What one sample promises, whatever expected.txt says.
struct Sentinels {
    /// The sample's directory name under `samples/`.
    case: &'static str,
    /// The first line of the output: the headline.
    title: &'static str,
    /// Phrases of article text that must appear (exact, case-sensitive substrings).
    keep: &'static [&'static str],
    /// Boilerplate phrases that must not appear anywhere in the output.
    drop: &'static [&'static str],
    /// Short stubs that must not appear as a whole output line.
    drop_lines: &'static [&'static str],
}

/// Declares the cases: one golden test and one sentinel test per sample, so `cargo test`
/// reports pass/fail per case (`golden::<case>`, `sentinels::<case>`).
macro_rules! cases {
    ($($name:ident => $dir:literal),* $(,)?) => {
        const CASES: &[&str] = &[$($dir),*];

        mod golden {
            $( #[test] fn $name() { super::check_golden($dir) } )*
        }

        mod sentinels {
            $( #[test] fn $name() { super::check_sentinels($dir) } )*
        }
    };
}

cases! {
    wire_story_donation => "wire-story-donation",
    breadcrumb_vote_lists => "breadcrumb-vote-lists",
    magazine_check_also => "magazine-check-also",
    clean_page => "clean-page",
    legacy_charset => "legacy-charset",
    split_sections => "split-sections",
    ja_form_news => "ja-form-news",
    th_wordpress_post => "th-wordpress-post",
}

const SENTINELS: &[Sentinels] = &[
    Sentinels {
        case: "wire-story-donation",
        title: "Portugal moves to cap short-term rentals as Lisbon housing protests grow",
        keep: &[
            "LISBON (Wire) — Portugal's government on Tuesday approved a draft law",
            "“We are not against tourism, and we never will be,”",
            "In the Alfama and Mouraria districts",
            "Thousands of people marched down Avenida da Liberdade",
            "Landlord associations reacted angrily.",
            "Economists have been more cautious.",
            "Parliament is expected to debate the bill before the summer recess in July.",
            "Jane Roe reported from Porto.",
        ],
        drop: &[
            // header, navigation, search
            "Skip to content",
            "Today's paper",
            "Independent news since 1998",
            "Menu",
            "Search",
            // byline, meta and photo credit
            "By Jane Roe",
            "4 min read",
            "2:12 pm",
            "Photo: Rui Alves",
            // donation appeal in the middle of the body
            "Independent journalism needs your support",
            "The Meridian Post is funded by its readers",
            "please consider a monthly contribution",
            "Support The Meridian Post",
            "Give once",
            // "Read more" teaser (no boilerplate class name)
            "Read more:",
            "Lisbon tram workers walk out over pay and safety",
            // newsletter box
            "Get the Morning Briefing",
            "delivered to your inbox",
            "Sign up",
            "unsubscribe at any time",
            // after the body
            "Tagged",
            "Report an error",
            "Spain issues first heat warning",
            "Most read",
            "ECB signals pause",
            "Got a tip?",
            "All rights reserved",
            "| The Meridian Post",
        ],
        drop_lines: &["Europe", "Housing", "Previous", "Next"],
    },
    Sentinels {
        case: "breadcrumb-vote-lists",
        title: "Kenya and Tanzania agree to reopen cross-border rail link after decade-long dispute",
        keep: &[
            "NAIROBI — Kenya and Tanzania on Wednesday signed an agreement",
            "“For traders in this region, the border has been a wall made of paperwork,”",
            "Her Tanzanian counterpart, Hamisi Mbwana,",
            "The railway was built in the colonial era",
            "“We have seen ceremonies before,” said Mercy Atieno",
            "a loan covering about two-thirds of the bill.",
        ],
        drop: &[
            "Current:",
            "Home > World",
            "-Northgate Ledger",
            "Date: 2025-05-14",
            "09:32:18",
            // vote widget
            "veryGood!",
            "(243)",
            "Bad!",
            // Related (inside the article box)
            "Related",
            "Uganda's new oil pipeline",
            "Mombasa port handles record container volumes",
            // Recommendation (inside the article box, no telling class)
            "Recommendation",
            "Five novels set in East Africa",
            "Save 30% on this solar lantern",
            // Ranking (sidebar)
            "Ranking",
            "Flooding closes main highway",
            "Simba SC clinch league title",
            "Flamingos return to Lake Nakuru",
            // header and foot
            "Entertainment",
            "Sitemap",
            "Copyright ©",
        ],
        drop_lines: &["View", "Home", "Pictures"],
    },
    Sentinels {
        case: "magazine-check-also",
        title: "When the ice goes: Alpine valleys prepare for life without glaciers",
        keep: &[
            "On a bright morning in late August, Reto Casutt",
            "A borrowed water supply",
            "Hydrologists call that turning point “peak water”",
            // the table belongs to the article
            "Glacier | Area in 1990 (km²) | Area in 2024 (km²) | Change",
            "Sorna | 14.2 | 10.9 | −23%",
            "Lavinera | 1.1 | 0.2 | −82%",
            // a paragraph that is one link, in the middle of the story: article text
            "The monitoring network’s full 2024 report, with data for every measured glacier",
            "What the valley is doing",
            "Drip irrigation for the hay meadows",
            "A ban on filling private swimming pools between July and September.",
            "“People felt we were putting a price on something the mountain had always given us",
            "Beyond the water",
            "it will be the only proof that the glacier was ever here.",
        ],
        drop: &[
            "Stories from a changing planet",
            "Print edition",
            "Photography",
            "Clara Hoffmann",
            "18 February 2025",
            "4,218",
            // share bars
            "Share",
            "Facebook",
            "WhatsApp",
            "Tweet",
            "Photo: Luca Bernasconi",
            // the "Check Also" teaser at the end of the body
            "Check Also",
            "The lake that breathes",
            "Every monsoon, the great lake",
            "Read More",
            // tags, prev/next, author bio, related
            "TAGS",
            "Previous article",
            "Letting the sea back in",
            "science writer based in Innsbruck",
            "Related articles",
            "Thawing permafrost",
            // comments
            "3 COMMENTS",
            "Martin K.",
            "The stream behind my parents' house",
            "nobody in Bern seems to want that fight",
            "It is a strange feeling to stand in front of a sign",
            "LEAVE A REPLY",
            "Please enter your comment",
            "Save my name, email",
            // sidebar and foot
            "STAY CONNECTED",
            "POPULAR ON",
            "Why city foxes are getting braver",
            "independent magazine about people",
            "All rights reserved",
        ],
        drop_lines: &["Home", "Features", "Climate", "Alps", "3", "Reply"],
    },
    Sentinels {
        case: "clean-page",
        title: "What I learned repairing my grandfather's radio",
        keep: &[
            "My grandfather's radio sat on a shelf in my parents' garage",
            "Do not plug it in",
            "The order that worked for me",
            "Replace the electrolytic capacitors in the power supply.",
            "Bring the set up slowly on a variable transformer, watching the current.",
            "The first sound",
            "of how much patience he had for slow things.",
        ],
        drop: &[
            "Notes from the Workbench",
            "March 9, 2025",
            "Built with Hugo",
            "Sam Okafor",
        ],
        drop_lines: &["Home", "Archive", "About", "RSS"],
    },
    Sentinels {
        case: "legacy-charset",
        title: "Señor Muñoz’s café: forty years of coffee and conversation by the Isar",
        keep: &[
            // windows-1252 bytes decoded: é ñ ü ß € and curly quotes, em dash
            "MUNICH — Every morning at a quarter to six, José Muñoz unlocks the green door",
            "“one suitcase and no German at all”",
            "Hans-Jürgen Müller, a retired tram driver",
            "tortilla española",
            "crème brûlée",
            "An espresso still costs €1.20",
            "Sendlinger Straße",
            "A Coruña with his daughter, Begoña",
            "“That would be something new.”",
        ],
        drop: &[
            // mojibake and replacement characters mean the charset was read wrong
            "Ã",
            "â€",
            "\u{FFFD}",
            "Munich Herald Online",
            "Weather: 4°C",
            "Subscribe to the print edition",
            "Classifieds",
            "SECTIONS",
            "Letters to the Editor",
            "Home > Local",
            "By Katrin Vogel",
            "Published: 03/14/2005",
            "Printer-friendly version",
            "E-mail this story",
            "MORE LOCAL NEWS",
            "Glockenbach residents protest rent increases",
            "Story ID",
            "ADVERTISEMENT",
            "Brauhaus",
            "MOST E-MAILED",
            "Snow chaos on the Mittlerer Ring",
            "Copyright ©",
        ],
        drop_lines: &[],
    },
    Sentinels {
        case: "split-sections",
        title: "Deep-sea survey finds cold-water coral thriving below bleached reefs",
        keep: &[
            // section 1
            "Marine scientists surveying a remote seamount in the Tasman Sea",
            "“We expected to document damage,” said Dr. Aroha Ngata",
            // section 2, after the ad slot
            "Cooler water, slower growth",
            "Unlike the tropical corals that build shallow reefs",
            "The team recorded scars from bottom trawling",
            // section 3, after the "Most read" module
            "A refuge, not a rescue",
            "Some researchers have suggested that deep habitats could act as refuges",
            "“This is good news, but it is not a rescue plan,”",
            "The findings have been submitted to a peer-reviewed journal",
        ],
        drop: &[
            "Become a member",
            "Environment",
            "Technology",
            "By Priya Raman",
            "5 min read",
            "Gift this article",
            "Photo: NZ Institute for Ocean Science",
            // ad slot between sections
            "Advertisement",
            "Support independent science journalism",
            // "Most read" between sections (class reads as article body)
            "Most read",
            "Lunar orbiter maps ice",
            "Hot nights cost older adults",
            // after the article
            "Topics:",
            "Coral reefs",
            "Marine heatwaves",
            // sidebar inside the contentWithSidebar wrapper
            "Trending in Science",
            "Do octopuses dream?",
            "The Low Tide newsletter",
            "One big idea about the ocean",
            // footer and cookie banner at the end of body
            "About Tidewater",
            "Tidewater Media Ltd",
            "We use cookies",
            "cookie policy",
            "Accept all",
            "Reject non-essential",
            "Manage preferences",
        ],
        drop_lines: &["Oceans", "Share", "Save", "Menu"],
    },
    Sentinels {
        case: "ja-form-news",
        title: "駅前に新しい図書館が開館",
        keep: &[
            // Short Japanese paragraphs (20-35 characters) inside an ASP.NET page form.
            "市は十一日、駅前に新しい図書館を開いた。",
            "建物は三階建てで、約二十万冊の本をそろえる。",
            // Ruby: the base text, not the reading.
            "子ども向けの部屋には絵本が並ぶ。",
            "「毎日来たくなる場所にしたい」と館長は話した。",
            // A closing quotation without a stop ends a sentence.
            "「来月には移動図書館の車も走らせる」",
        ],
        drop: &[
            "えほん",
            "ニュース",
            "トップ",
            "2025年4月12日",
            "シェア",
            "関連記事",
            "市立美術館が改装へ",
            "アクセスランキング",
            "桜の名所に人出",
            "Copyright",
        ],
        drop_lines: &["みなと日報", "くらし"],
    },
    Sentinels {
        case: "th-wordpress-post",
        title: "ปลูกผักบนระเบียงคอนโด",
        keep: &[
            // Thai prose has no sentence punctuation; the short lead line stays.
            "ระเบียงเล็ก ๆ ก็ปลูกผักกินเองได้ไม่ยากอย่างที่คิด",
            "เริ่มจากเลือกกระถางที่มีรูระบายน้ำ",
            "ถ้าระเบียงหันไปทางทิศเหนือ",
            "ลองปลูกดูแล้วจะรู้ว่าการเก็บผักจากระเบียงของตัวเองสนุกกว่าที่คิด",
        ],
        drop: &[
            // The post wears `tag-share` (a WordPress tag slug); it must stay, and the
            // comments below it, beside the article, must go.
            "ข้ามไปยังเนื้อหา",
            "เกี่ยวกับเรา",
            "12 มีนาคม 2568",
            "โดย นิดา",
            "หมวดหมู่",
            "ความคิดเห็น",
            "ขอบคุณมากค่ะ",
            "ผักชีฝรั่งปลูกง่ายจริงครับ",
            "เรื่องล่าสุด",
            "ทำปุ๋ยหมักจากเปลือกผลไม้",
            "© 2568",
        ],
        drop_lines: &["บ้านสวนเล็ก", "หน้าแรก"],
    },
];

// ---------------------------------------------------------------------------------------
// Running dehusk
// ---------------------------------------------------------------------------------------

fn page_path(case: &str) -> PathBuf {
    samples().join(case).join(format!("{case}.html"))
}

fn expected_path(case: &str) -> PathBuf {
    samples().join(case).join("expected.txt")
}

fn read_expected(case: &str) -> String {
    let path = expected_path(case);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: cannot read: {e}", path.display()))
}

/// A command for the binary, run in an empty temporary directory so that no
/// `./config.toml` is picked up: the samples test the built-in defaults.
fn dehusk(cwd: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(cwd);
    cmd
}

/// `dehusk clean samples/<case>/<case>.html --out <tmp>/out`, returning the text written to
/// `<tmp>/out/<case>.txt`.
fn run_file_mode(case: &str, extra: &[&str]) -> String {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out_dir = tmp.path().join("out");
    let output = dehusk(tmp.path())
        .arg("clean")
        .arg(page_path(case))
        .arg("--out")
        .arg(&out_dir)
        .arg("--quiet")
        .args(extra)
        .output()
        .expect("run dehusk");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{case}: `dehusk clean` exited with {}; stderr:\n{stderr}",
        output.status
    );
    let written = out_dir.join(format!("{case}.txt"));
    std::fs::read_to_string(&written).unwrap_or_else(|e| {
        panic!(
            "{case}: cannot read {} ({e}); files written: {:?}; stderr:\n{stderr}",
            written.display(),
            std::fs::read_dir(&out_dir)
                .map(|d| d
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name())
                    .collect::<Vec<_>>())
                .unwrap_or_default()
        )
    })
}

/// `dehusk clean - < samples/<case>/<case>.html`, returning stdout.
fn run_stdin_mode(case: &str) -> String {
    let tmp = tempfile::tempdir().expect("temp dir");
    let page = std::fs::read(page_path(case)).expect("read page");
    let mut child = dehusk(tmp.path())
        .args(["clean", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn dehusk");
    let mut stdin = child.stdin.take().expect("stdin");
    // Written from a thread so a large stdout cannot deadlock against a full stdin pipe.
    let writer = std::thread::spawn(move || stdin.write_all(&page));
    let output = child.wait_with_output().expect("wait for dehusk");
    writer.join().expect("writer thread").expect("write stdin");
    assert!(
        output.status.success(),
        "{case}: `dehusk clean -` exited with {}; stderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("stdout is UTF-8")
}

/// The default-mode output of each case, computed once and shared by the tests.
fn actual(case: &str) -> String {
    static CACHE: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(text) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(case) {
        return text.clone();
    }
    let text = run_file_mode(case, &[]);
    cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(case.to_string(), text.clone());
    text
}

fn blessing() -> bool {
    std::env::var(BLESS_VAR).is_ok_and(|v| !v.is_empty() && v != "0")
}

// ---------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------

fn check_golden(case: &str) {
    let actual = actual(case);
    let path = expected_path(case);
    if blessing() {
        std::fs::write(&path, &actual)
            .unwrap_or_else(|e| panic!("{}: cannot write: {e}", path.display()));
        eprintln!("blessed {}", path.display());
        return;
    }
    let expected = read_expected(case);
    if actual != expected {
        panic!(
            "\n{case}: dehusk's output differs from samples/{case}/expected.txt\n\
             (`-` expected but missing = article text lost; `+` output but not expected = \
             boilerplate kept; {BLESS_VAR}=1 rewrites expected.txt)\n\n{}",
            line_diff(&expected, &actual)
        );
    }
}

fn sentinels_of(case: &str) -> &'static Sentinels {
    SENTINELS
        .iter()
        .find(|s| s.case == case)
        .unwrap_or_else(|| panic!("no sentinels declared for {case}"))
}

/// Everything `text` breaks of the case's sentinels, one problem per line.
fn sentinel_problems(s: &Sentinels, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    match lines.first() {
        None => problems.push("output is empty".to_string()),
        Some(first) if *first != s.title => {
            problems.push(format!("first line is not the headline: {first:?}"))
        }
        Some(_) => {}
    }
    if !text.is_empty() && !text.ends_with('\n') {
        problems.push("output does not end with a newline".to_string());
    }
    if let Some(k) = lines.iter().skip(1).position(|l| *l == s.title) {
        problems.push(format!("headline repeated as body line {}", k + 2));
    }
    if let Some(k) = lines.iter().position(|l| l.trim().is_empty()) {
        problems.push(format!("blank line at line {}", k + 1));
    }
    for phrase in s.keep {
        if !text.contains(phrase) {
            problems.push(format!("LOST article text: {phrase:?}"));
        }
    }
    for phrase in s.drop {
        if let Some(line) = lines.iter().position(|l| l.contains(phrase)) {
            problems.push(format!(
                "KEPT boilerplate {phrase:?} (line {}: {:?})",
                line + 1,
                clip(lines[line], 100)
            ));
        }
    }
    for stub in s.drop_lines {
        if let Some(line) = lines.iter().position(|l| l.trim() == *stub) {
            problems.push(format!(
                "KEPT boilerplate line {stub:?} (line {})",
                line + 1
            ));
        }
    }
    problems
}

fn check_sentinels(case: &str) {
    let s = sentinels_of(case);
    let problems = sentinel_problems(s, &actual(case));
    assert!(
        problems.is_empty(),
        "\n{case}: {} sentinel problem(s):\n  {}\n",
        problems.len(),
        problems.join("\n  ")
    );
}

// ---------------------------------------------------------------------------------------
// Harness self-checks and mode consistency
// ---------------------------------------------------------------------------------------

/// Every directory under `samples/` is a declared case with sentinels, and every case has
/// its two files: a new sample cannot be silently skipped.
#[test]
fn every_sample_is_declared() {
    let mut on_disk: Vec<String> = std::fs::read_dir(samples())
        .expect("read samples/")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // samples/warc holds the archive built from the pages (tests/warc.rs).
        .filter(|name| name != "warc")
        .collect();
    on_disk.sort();
    let mut declared: Vec<String> = CASES.iter().map(|c| c.to_string()).collect();
    declared.sort();
    assert_eq!(
        on_disk, declared,
        "samples/ directories vs cases! in tests/golden.rs"
    );
    for case in CASES {
        assert!(page_path(case).is_file(), "{case}: {case}.html missing");
        assert!(
            expected_path(case).is_file(),
            "{case}: expected.txt missing"
        );
        sentinels_of(case);
    }
    assert_eq!(SENTINELS.len(), CASES.len(), "one Sentinels entry per case");
}

/// The expected files obey the format and their own sentinels; a failure here is a broken
/// sample (or a bad bless), not an extractor bug.
#[test]
fn expected_files_honour_their_sentinels() {
    let mut report = String::new();
    for case in CASES {
        let problems = sentinel_problems(sentinels_of(case), &read_expected(case));
        for p in problems {
            let _ = writeln!(report, "{case}: {p}");
        }
    }
    assert!(report.is_empty(), "\n{report}");
}

/// The legacy sample really is windows-1252 bytes (not UTF-8) and declares it, so the test
/// exercises the decoder.
#[test]
fn legacy_sample_is_windows_1252_bytes() {
    let bytes = std::fs::read(page_path("legacy-charset")).expect("read page");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "legacy-charset/legacy-charset.html must not be valid UTF-8"
    );
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    assert!(head.contains(r#"<meta charset="windows-1252">"#));
    // "é" as one cp1252 byte, "’" as 0x92, "€" as 0x80.
    for needle in [&b"caf\xe9"[..], b"Mu\xf1oz\x92s", b"\x801.20"] {
        assert!(
            bytes.windows(needle.len()).any(|w| w == needle),
            "missing cp1252 bytes {needle:?}"
        );
    }
}

/// `clean -` (stdin to stdout) prints exactly what `clean PATH --out DIR` writes.
#[test]
fn stdin_mode_matches_file_mode() {
    let mut report = String::new();
    for case in CASES {
        let from_file = actual(case);
        let from_stdin = run_stdin_mode(case);
        if from_file != from_stdin {
            let _ = writeln!(
                report,
                "{case}: stdin mode differs from file mode (- file, + stdin):\n{}",
                line_diff(&from_file, &from_stdin)
            );
        }
    }
    assert!(report.is_empty(), "\n{report}");
}

/// `--no-title` leaves off the headline line and nothing else.
#[test]
fn no_title_drops_only_the_headline() {
    let mut report = String::new();
    for case in CASES {
        let with = actual(case);
        let without = run_file_mode(case, &["--no-title"]);
        let expected = with.split_once('\n').map_or("", |(_, rest)| rest);
        if without != expected {
            let _ = writeln!(
                report,
                "{case}: --no-title output is not the default output minus its first line:\n{}",
                line_diff(expected, &without)
            );
        }
    }
    assert!(report.is_empty(), "\n{report}");
}

// ---------------------------------------------------------------------------------------
// A small line diff (longest common subsequence), enough for pages of a few dozen lines
// ---------------------------------------------------------------------------------------

/// Lines of context shown around each change.
const CONTEXT: usize = 1;
/// Context lines are clipped to this many characters; changed lines are shown whole.
const CONTEXT_CHARS: usize = 90;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Same(usize, usize),
    Lost(usize),
    Added(usize),
}

fn diff_ops(a: &[&str], b: &[&str]) -> Vec<Op> {
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: length of the LCS of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut ops = Vec::new();
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push(Op::Same(i, j));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            ops.push(Op::Added(j));
            j += 1;
        } else {
            ops.push(Op::Lost(i));
            i += 1;
        }
    }
    ops
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let head: String = s.chars().take(max).collect();
        format!("{head}…")
    }
}

/// A readable diff of `expected` → `actual`: `-` lines only in expected, `+` lines only in
/// actual, each with its line number in its own file, a little context, gaps as `…`.
fn line_diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    let ops = diff_ops(&a, &b);
    let changed: Vec<bool> = ops.iter().map(|op| !matches!(op, Op::Same(..))).collect();
    if !changed.contains(&true) {
        // Same lines, different bytes: line endings or the final newline.
        return format!(
            "lines are equal but the text is not: expected ends {:?}, actual ends {:?}\n",
            tail(expected),
            tail(actual)
        );
    }
    let near_change = |k: usize| {
        let lo = k.saturating_sub(CONTEXT);
        let hi = (k + CONTEXT + 1).min(ops.len());
        changed[lo..hi].iter().any(|&c| c)
    };
    let mut out = String::new();
    let mut skipped = false;
    for (k, op) in ops.iter().enumerate() {
        if !near_change(k) {
            skipped = true;
            continue;
        }
        if skipped {
            out.push_str("   …\n");
            skipped = false;
        }
        let _ = match *op {
            Op::Same(i, _) => writeln!(out, "  {:>3} {}", i + 1, clip(a[i], CONTEXT_CHARS)),
            Op::Lost(i) => writeln!(out, "- {:>3} {}", i + 1, a[i]),
            Op::Added(j) => writeln!(out, "+ {:>3} {}", j + 1, b[j]),
        };
    }
    if skipped {
        out.push_str("   …\n");
    }
    let lost = changed
        .iter()
        .zip(&ops)
        .filter(|(_, op)| matches!(op, Op::Lost(_)))
        .count();
    let added = changed
        .iter()
        .zip(&ops)
        .filter(|(_, op)| matches!(op, Op::Added(_)))
        .count();
    let _ = writeln!(out, "({lost} line(s) lost, {added} line(s) added)");
    out
}

fn tail(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars[chars.len().saturating_sub(12)..].iter().collect()
}

#[test]
fn diff_reports_lost_and_added_lines() {
    let d = line_diff("T\na\nb\nc\n", "T\na\nX\nc\nY\n");
    assert!(d.contains("-   3 b"), "{d}");
    assert!(d.contains("+   3 X"), "{d}");
    assert!(d.contains("+   5 Y"), "{d}");
    assert!(d.contains("(1 line(s) lost, 2 line(s) added)"), "{d}");
    let d = line_diff("a\n", "a");
    assert!(d.contains("lines are equal"), "{d}");
}
