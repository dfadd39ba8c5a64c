/// `union select`, `union all select`, `union distinct select`,
/// `union(select`, and MySQL's other queries after a union: `union table
/// users`, `union values row(1)`.
pub(super) fn sqli_union(text: &str) -> bool {
    text.match_indices("union").any(|(at, word)| {
        let rest = text[at + word.len()..].trim_start();
        let rest = rest
            .strip_prefix("all")
            .or_else(|| rest.strip_prefix("distinct"))
            .unwrap_or(rest);
        let statement = rest.trim_start_matches([' ', '(']);
        ["select", "table ", "values"]
            .iter()
            .any(|verb| statement.starts_with(verb))
    })
}

/// `' or '1'='1`, `1 or 1=1`, `'or''='`, `" and 1>0`: a quote or number,
/// then `or`/`and`/`||`/`&&`, then a comparison within a few characters.
pub(super) fn sqli_tautology(text: &str) -> bool {
    ["or", "and", "||", "&&"].iter().any(|keyword| {
        text.match_indices(keyword).any(|(at, _)| {
            let before = text[..at].trim_end().chars().next_back();
            let after_at = at + keyword.len();
            let after = text[after_at..].chars().next();
            let operand_before =
                before.is_some_and(|c| matches!(c, '\'' | '"' | ')') || c.is_ascii_digit());
            let operand_after =
                after.is_some_and(|c| matches!(c, ' ' | '\'' | '"' | '(') || c.is_ascii_digit());
            let window: String = text[after_at..].chars().take(40).collect();
            operand_before
                && operand_after
                && (window.contains(['=', '<', '>']) || window.contains(" like "))
        })
    })
}

/// A quote closed and the rest commented out: `'--`, `' #`, `'/*`.
pub(super) fn sqli_comment(text: &str) -> bool {
    text.match_indices(['\'', '"']).any(|(at, quote)| {
        let rest = text[at + quote.len()..].trim_start();
        rest.starts_with("--") || rest.starts_with('#') || rest.starts_with("/*")
    })
}

/// A second statement: `; drop table`, `;delete from`...
pub(super) fn sqli_stacked(text: &str) -> bool {
    const VERBS: [&str; 13] = [
        "drop", "delete", "insert", "update", "select", "shutdown", "exec", "alter", "create",
        "truncate", "declare", "replace", "set @",
    ];
    text.match_indices(';').any(|(at, _)| {
        let rest = text[at + 1..].trim_start();
        VERBS.iter().any(|verb| {
            rest.strip_prefix(verb)
                .is_some_and(|after| after.is_empty() || after.starts_with([' ', '(']))
        })
    })
}

/// Calls and names only an injection uses: time delays, file access,
/// the schema, command execution. (The rule's `needs` asks for a `(`,
/// `_` or quote: `waitfor delay '0:0:5'`, `into outfile '/tmp/x'`.)
pub(super) fn sqli_function(text: &str) -> bool {
    const CALLS: [&str; 4] = ["sleep", "benchmark", "pg_sleep", "load_file"];
    const WORDS: [&str; 7] = [
        "declare @",
        "procedure analyse",
        "waitfor delay",
        "into outfile",
        "into dumpfile",
        "information_schema",
        "xp_cmdshell",
    ];
    CALLS.iter().any(|call| {
        text.match_indices(call)
            .any(|(at, _)| text[at + call.len()..].trim_start().starts_with('('))
    }) || WORDS.iter().any(|word| text.contains(word))
}

/// libinjection's verdict: the text (its first 4 KiB), tokenized as SQL
/// from each of the contexts an injection starts in (bare, after `'`,
/// after `"`), has the fingerprint of a known injection.
pub(super) fn sqli_libinjection(text: &str) -> bool {
    libinjectionrs::detect_sqli(libinjection_input(text)).is_injection()
}

/// The most of a text libinjection reads: its fingerprints are of the
/// first few tokens, and its time on some long texts grows faster than
/// their length.
pub(super) const LIBINJECTION_INPUT: usize = 4096;

/// The start of `text` libinjection reads.
pub(super) fn libinjection_input(text: &str) -> &[u8] {
    &text.as_bytes()[..text.len().min(LIBINJECTION_INPUT)]
}

/// The most SQL tokens [`sqli_function_call`] reads of one text.
const MOST_TOKENS: usize = 2048;

/// A call of an SQL function (`concat(`, `extractvalue (`, `db_name(`,
/// `pg_sleep(`: libinjection's list of a thousand functions across
/// databases), as the SQL tokenizer reads the text; or of a function that
/// tells who and where the query runs (`user()`, `database (`), which
/// libinjection reads as plain words.
pub(super) fn sqli_function_call(text: &str) -> bool {
    const INFORMATION: [&str; 8] = [
        "current_user",
        "database",
        "schema",
        "session_user",
        "system_user",
        "user",
        "version",
        "db_name",
    ];
    let information = super::lists::words(text).any(|(at, word)| {
        INFORMATION.contains(&word)
            && text[at + word.len()..]
                .trim_start()
                .strip_prefix('(')
                .is_some_and(|inside| inside.is_empty() || inside.starts_with([')', ' ']))
    });
    information || tokenized_call(text)
}

/// [`sqli_function_call`] as libinjection's tokenizer reads the text.
fn tokenized_call(text: &str) -> bool {
    use libinjectionrs::SqliFlags;
    use libinjectionrs::sqli::{SqliTokenizer, TokenType};
    let mut tokens = SqliTokenizer::new(text.as_bytes(), SqliFlags::FLAG_NONE);
    let mut previous = TokenType::None;
    for _ in 0..MOST_TOKENS {
        let Some(token) = tokens.next_token() else {
            return false;
        };
        if matches!(previous, TokenType::Function | TokenType::Expression)
            && token.token_type == TokenType::LeftParenthesis
        {
            return true;
        }
        previous = token.token_type;
    }
    false
}

/// A database's own catalogue or sample schema, which only an injection
/// names: `information_schema`, `pg_catalog`, `sqlite_master`, `msdb`...,
/// and SQL Server's extended procedures (`xp_cmdshell`, `xp_dirtree`).
pub(super) fn sqli_catalog(text: &str) -> bool {
    const NAMES: [&str; 16] = [
        "all_tables",
        "information_schema",
        "msdb",
        "msysaccessobjects",
        "msysqueries",
        "mysql.db",
        "mysql.user",
        "northwind",
        "pg_catalog",
        "pg_shadow",
        "schema_name",
        "sqlite_master",
        "syscolumns",
        "sysobjects",
        "tempdb",
        "user_tables",
    ];
    super::lists::words(text).any(|(_, word)| {
        NAMES.contains(&word)
            || (word.len() > 4 && (word.starts_with("xp_") || word.starts_with("sp_oa")))
    }) || text.contains("mysql.db")
        || text.contains("mysql.user")
}

/// PostgreSQL's JSON operators on a quoted JSON literal, as an injection
/// writes them to make a condition true: `'{"b":2}'::jsonb <@ '{...}'`.
pub(super) fn sqli_json(text: &str) -> bool {
    text.contains("'::json")
        || ["<@", "@>", "->>", "->", "#>>", "#>"]
            .iter()
            .any(|operator| {
                text.match_indices(operator).any(|(at, _)| {
                    let before = text[..at].trim_end();
                    let after = text[at + operator.len()..].trim_start();
                    before.ends_with(['\'', '}']) && after.starts_with(['\'', '{'])
                })
            })
        || [
            "json_extract(",
            "json_value(",
            "json_query(",
            "json_keys(",
            "json_each(",
        ]
        .iter()
        .any(|call| text.contains(call))
}

/// A quote closed, an SQL operator, and the rest commented out: `'or
/// email notnull--`, `' and email ilike email--`, `'collate nocase--`.
pub(super) fn sqli_quote_comment(text: &str) -> bool {
    const OPERATORS: [&str; 18] = [
        "and", "between", "collate", "div", "glob", "group", "having", "ilike", "in", "is",
        "isnull", "like", "limit", "not", "notnull", "or", "order", "xor",
    ];
    text.match_indices(['\'', '"', '`']).any(|(at, _)| {
        // The comment must come within 80 bytes: look no further.
        let rest = super::lists::window(&text[at + 1..], 82);
        let Some(comment) = ["--", "#", "/*"].iter().filter_map(|c| rest.find(c)).min() else {
            return false;
        };
        comment <= 80
            && super::lists::words(&rest[..comment]).any(|(_, word)| OPERATORS.contains(&word))
    })
}
