//! A URL as a browser reads it from an HTML attribute: character
//! references decoded, then tabs, newlines and other whitespace and
//! control characters dropped, so that `java&#x09;script:` and
//! `&#106;avascript:` read `javascript:`.

use std::borrow::Cow;

/// The named references a `javascript:` URL is hidden with.
const NAMED: [(&str, char); 3] = [("colon;", ':'), ("tab;", '\t'), ("newline;", '\n')];

/// `text` (lowercased) with numeric character references (`&#106;`,
/// `&#x6a;`, the `;` optional as browsers take them) and `&colon;`,
/// `&tab;`, `&newline;` decoded, then whitespace and control characters
/// removed. Borrowed when there is nothing to change.
pub(crate) fn squeezed(text: &str) -> Cow<'_, str> {
    if !text.contains('&') && !text.chars().any(dropped) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(decoded(text, &NAMED, |c| !dropped(c)))
}

/// `text` with numeric character references and the `named` ones
/// decoded, keeping the characters `keep` keeps.
fn decoded(text: &str, named: &[(&str, char)], keep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let (decoded, taken) = match rest
            .strip_prefix('&')
            .and_then(|after| reference(after, named))
        {
            Some((decoded, length)) => (decoded, 1 + length),
            None => (c, c.len_utf8()),
        };
        if keep(decoded) {
            out.push(decoded);
        }
        rest = &rest[taken..];
    }
    out
}

/// XML's five named entities.
const XML_NAMED: [(&str, char); 5] = [
    ("lt;", '<'),
    ("gt;", '>'),
    ("amp;", '&'),
    ("quot;", '"'),
    ("apos;", '\''),
];

/// `text` as an XML parser hands it to the app: numeric character
/// references and the five named entities decoded (`&#39;`, `&lt;`).
/// Borrowed when there is none.
pub(crate) fn xml_decoded(text: &[u8]) -> Cow<'_, [u8]> {
    if !text.contains(&b'&') {
        return Cow::Borrowed(text);
    }
    let text = String::from_utf8_lossy(text);
    Cow::Owned(decoded(&text, &XML_NAMED, |_| true).into_bytes())
}

/// What a browser drops from a URL here.
fn dropped(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// The character a reference (what follows its `&`: a numeric one, or
/// one of `named`) stands for, and the bytes it takes after the `&`.
fn reference(after: &str, named: &[(&str, char)]) -> Option<(char, usize)> {
    if let Some(number) = after.strip_prefix('#') {
        let (radix, digits_at) = match number.strip_prefix('x') {
            Some(_) => (16, 2),
            None => (10, 1),
        };
        let digits = after[digits_at..]
            .bytes()
            .take_while(|b| char::from(*b).is_digit(radix))
            .count();
        if digits == 0 {
            return None;
        }
        let value = after[digits_at..digits_at + digits]
            .chars()
            .filter_map(|d| d.to_digit(radix))
            .fold(0u32, |n, d| n.saturating_mul(radix).saturating_add(d));
        let end = digits_at + digits;
        let end = end + usize::from(after[end..].starts_with(';'));
        return Some((char::from_u32(value).unwrap_or('\u{fffd}'), end));
    }
    named
        .iter()
        .find(|(name, _)| after.starts_with(name))
        .map(|&(name, c)| (c, name.len()))
}

#[cfg(test)]
mod tests {
    use super::squeezed;

    #[test]
    fn references_are_decoded_and_whitespace_dropped() {
        let cases = [
            ("java\tscript:", "javascript:"),
            ("java script:", "javascript:"),
            ("&#106;avascript:", "javascript:"),
            ("&#x6a;avascript:", "javascript:"),
            ("&#0000106avascript&#58;", "javascript:"),
            ("java&#x09;script&colon;", "javascript:"),
            ("java&tab;scr&newline;ipt:", "javascript:"),
            ("a & b &#; &#x; &amp", "a&b&#;&#x;&amp"),
            ("&#99999999999;", "\u{fffd}"),
        ];
        for (text, expected) in cases {
            assert_eq!(squeezed(text), expected, "{text:?}");
        }
    }

    #[test]
    fn xml_entities_are_decoded() {
        assert_eq!(
            &*super::xml_decoded(b"admin&#39;-- &lt;script&gt; &amp;&quot;&apos;&#x3c; &bogus;"),
            b"admin'-- <script> &\"'< &bogus;"
        );
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(
            squeezed("javascript:"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
