//! `/api/flights`: a read-only timetable with search, lookup and a
//! validated create. (Keeping created flights needs the key-value store;
//! every request here runs in a fresh instance.)

use edge::http::StatusCode;
use edge::{RequestExt, Router};
use serde::{Deserialize, Serialize};

/// A scheduled flight.
#[derive(Clone, Debug, Serialize)]
struct Flight {
    id: u32,
    from: &'static str,
    to: &'static str,
    departs: &'static str,
}

const TIMETABLE: [Flight; 4] = [
    Flight {
        id: 1,
        from: "LHR",
        to: "SFO",
        departs: "09:40",
    },
    Flight {
        id: 2,
        from: "LHR",
        to: "JFK",
        departs: "11:15",
    },
    Flight {
        id: 3,
        from: "SFO",
        to: "NRT",
        departs: "13:05",
    },
    Flight {
        id: 4,
        from: "JFK",
        to: "LHR",
        departs: "18:30",
    },
];

/// `?from=LHR&to=SFO`, both optional.
#[derive(Deserialize)]
struct Search {
    from: Option<String>,
    to: Option<String>,
}

/// The body of `POST /api/flights`.
#[derive(Deserialize, Serialize)]
struct NewFlight {
    from: String,
    to: String,
    departs: String,
}

pub(crate) fn routes() -> Router {
    let mut api = Router::new();
    api.use_(|_req, res| res.header("cache-control", "no-store"));

    api.get("/flights", |req, res| {
        let search: Search = req.query()?;
        let matches = |code: &str, wanted: &Option<String>| {
            wanted
                .as_deref()
                .is_none_or(|w| w.eq_ignore_ascii_case(code))
        };
        let found: Vec<&Flight> = TIMETABLE
            .iter()
            .filter(|f| matches(f.from, &search.from) && matches(f.to, &search.to))
            .collect();
        Ok(res.json(&found))
    });

    api.get("/flights/:id", |req, res| {
        let id = req.param("id").unwrap_or_default();
        match TIMETABLE.iter().find(|f| f.id.to_string() == id) {
            Some(flight) => res.json(flight),
            None => res
                .status(StatusCode::NOT_FOUND)
                .json(&serde_error(format!("no flight with id {id}"))),
        }
    });

    api.post("/flights", |req, res| {
        let new: NewFlight = req.json_limited(4096)?;
        for (field, code) in [("from", &new.from), ("to", &new.to)] {
            if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                return Ok(res
                    .status(StatusCode::UNPROCESSABLE_ENTITY)
                    .json(&serde_error(format!(
                        "`{field}` must be a three-letter airport code like LHR"
                    ))));
            }
        }
        let id = TIMETABLE.len() + 1;
        Ok(res
            .status(StatusCode::CREATED)
            .header("location", format!("/api/flights/{id}"))
            .json(&new))
    });
    api
}

fn serde_error(message: String) -> impl Serialize {
    #[derive(Serialize)]
    struct ErrorBody {
        error: String,
    }
    ErrorBody { error: message }
}
