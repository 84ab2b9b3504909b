//! Tests of [`super`].

use super::*;

fn t(s: &str) -> Vec<String> {
    tokenize(s)
}

#[test]
fn hangul_runs_become_bigrams_and_single_syllables_unigrams() {
    assert_eq!(t("서버를"), ["서버", "버를"]);
    assert_eq!(t("트랜잭션이"), ["트랜", "랜잭", "잭션", "션이"]);
    assert_eq!(t("분산 락 을"), ["분산", "락", "을"]);
    assert_eq!(t("캐시는 빠르다"), ["캐시", "시는", "빠르", "르다"]);
}

#[test]
fn a_stem_is_inside_its_particle_forms() {
    for word in ["인덱스와", "인덱스를", "인덱스는", "인덱스에서"] {
        let tokens = t(word);
        for stem in t("인덱스") {
            assert!(tokens.contains(&stem), "{word} lacks {stem}");
        }
    }
}

#[test]
fn latin_words_are_lowercased_and_split_from_hangul() {
    assert_eq!(t("Redis를 캐시로"), ["redis", "를", "캐시", "시로"]);
    assert_eq!(t("PostgreSQL 16, HTTP/2"), ["postgresql", "16", "http", "2"]);
    assert_eq!(t("Cache-Aside pattern"), ["cache", "aside", "pattern"]);
    assert_eq!(t("Ünïcode Straße"), ["ünïcode", "straße"]);
}

#[test]
fn plus_and_hash_glue_only_at_the_end_of_a_word() {
    assert_eq!(t("C++ and C#"), ["c++", "and", "c#"]);
    assert_eq!(t("c++를 배운다"), ["c++", "를", "배운", "운다"]);
    assert_eq!(t("N+1 문제"), ["n", "1", "문제"]);
    assert_eq!(t("1+1=2"), ["1", "1", "2"]);
    assert_eq!(t("a+"), ["a+"]);
}

#[test]
fn nfd_input_gives_the_nfc_tokens() {
    let nfd: String = "캐시를 Café".nfd().collect();
    assert_ne!(nfd, "캐시를 Café");
    assert_eq!(t(&nfd), t("캐시를 Café"));
}

#[test]
fn non_ascii_punctuation_separates() {
    assert_eq!(
        t("「분산 락」을 걸고 (재시도) — 끝…! “인용”·점"),
        ["분산", "락", "을", "걸고", "재시", "시도", "끝", "인용", "점"]
    );
    assert_eq!(t("a…b😀c"), ["a", "b", "c"]);
}

#[test]
fn cjk_and_numbers() {
    assert_eq!(t("漢字를 쓴다"), ["漢字", "를", "쓴다"]);
    assert_eq!(t("10,000건 3.14"), ["10", "000", "건", "3", "14"]);
    assert_eq!(t("p99는 120ms"), ["p99", "는", "120ms"]);
}

#[test]
fn long_words_are_dropped() {
    let long = "a".repeat(MAX_WORD + 1);
    assert_eq!(t(&format!("x {long} y")), ["x", "y"]);
    assert_eq!(t(&"b".repeat(MAX_WORD)).len(), 1);
}

#[test]
fn positions_and_open_end() {
    let tokens = Tokens::new("캐시 전략과 redi");
    let got: Vec<(&str, u32, TokenKind)> = tokens.iter().map(|t| (t.text, t.pos, t.kind)).collect();
    assert_eq!(
        got,
        [
            ("캐시", 0, TokenKind::Bigram),
            ("전략", 1, TokenKind::Bigram),
            ("략과", 2, TokenKind::Bigram),
            ("redi", 3, TokenKind::Word)
        ]
    );
    assert!(tokens.open_end);
    assert!(!Tokens::new("redis ").open_end);
}

#[test]
fn shard_keys() {
    assert_eq!(shard_key("서버"), "서");
    assert_eq!(shard_key("락"), "락");
    assert_eq!(shard_key("redis"), "re");
    assert_eq!(shard_key("c"), "c");
    assert_eq!(shard_key(""), "");
}
