//! Java attacks: classes an expression or a deserializer loads, lookups
//! Log4j runs, serialized objects.

use super::lists::{JAVA_BASE64, JAVA_CLASSES, holds_any};

/// A Java class or package attackers load (the Core Rule Set's list:
/// `java.lang.runtime`, `java.lang.processbuilder`, `javax.script`...),
/// or OGNL's and Spring's ways in (`#_memberaccess`, `class.module.classloader`).
pub(super) fn java_class(text: &str) -> bool {
    holds_any(text, JAVA_CLASSES)
        || [
            "#_memberaccess",
            "@java.lang.",
            "class.module.classloader",
            "getruntime()",
        ]
        .iter()
        .any(|word| text.contains(word))
}

/// A lookup Log4j (and other `${...}` expanders) run: `${jndi:`, and
/// lookups nested to hide one (`${${lower:j}ndi:`).
pub(super) fn java_lookup(text: &str) -> bool {
    text.match_indices("${").any(|(at, _)| {
        let inside: String = text[at + 2..].chars().take(20).collect();
        inside.starts_with("jndi:")
            || inside.contains("${")
            || [
                "lower:", "upper:", "env:", "sys:", "java:", "ctx:", "base64:", "date:", "main:",
            ]
            .iter()
            .any(|lookup| inside.starts_with(lookup))
    })
}

/// A serialized Java object: its stream header in bytes (`\xac\xed\x00\x05`),
/// in hex or in Base64 at any alignment (`rO0AB`, `KztAAU`, `Cs7QAF`).
pub(super) fn java_serialized(text: &str) -> bool {
    text.contains("\u{ac}\u{ed}\0\u{5}")
        || ["aced0005", "ro0ab", "kztaau", "cs7qaf"]
            .iter()
            .any(|magic| text.contains(magic))
}

/// The classes deserialization gadget chains are built of
/// (`InvokerTransformer`, `CloneTransformer`, `TemplatesImpl`...), and
/// `java` followed later by `runtime` or `processbuilder`.
pub(super) fn java_gadget(text: &str) -> bool {
    const GADGETS: [&str; 14] = [
        "chainedtransformer",
        "clonetransformer",
        "constanttransformer",
        "forclosure",
        "instantiatefactory",
        "instantiatetransformer",
        "invokertransformer",
        "prototypeclonefactory",
        "prototypeserializationfactory",
        "templatesimpl",
        "whileclosure",
        "xmldecoder",
        "lazymap",
        "annotationinvocationhandler",
    ];
    GADGETS.iter().any(|gadget| text.contains(gadget))
        || text.find("java").is_some_and(|at| {
            let rest = &text[at + 4..];
            rest.contains("runtime") || rest.contains("processbuilder")
        })
}

/// Java attack words in Base64 (`cnVudGltZQ` is `runtime`), at any
/// alignment: a serialized payload passed encoded.
pub(super) fn java_base64(text: &str) -> bool {
    text.len() >= 8 && holds_any(text, JAVA_BASE64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_attacks_are_found() {
        assert!(java_class("java.lang.runtime.getruntime().exec('id')"));
        assert!(java_lookup("${jndi:ldap://x/a}"));
        assert!(java_lookup("${${lower:j}ndi:ldap://x}"));
        assert!(!java_lookup("costs ${price}"));
        assert!(java_serialized("ro0absr"));
        assert!(!java_class("javascript is fun"));
    }
}
