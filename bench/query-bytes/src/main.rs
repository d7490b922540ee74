//! `query-bytes SEARCH_DIR QUERY [LIMIT]`: runs QUERY through sotay's own query engine over the
//! index in SEARCH_DIR (`public/search/`) and prints, one per line, every file it read — the
//! manifest, the term files and the part files of the hits shown — as a browser running
//! `search.js` would download them on a cold cache. bench/bench.py sums their gzip sizes.

use std::path::PathBuf;
use std::process::ExitCode;

use sotay::search::query::{DirSource, Engine, find_manifest};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(query)) = (args.first(), args.get(1)) else {
        eprintln!("usage: query-bytes SEARCH_DIR QUERY [LIMIT]");
        return ExitCode::from(2);
    };
    // search.js shows ten results and fetches one part file per result for its excerpt.
    let limit = args.get(2).and_then(|l| l.parse().ok()).unwrap_or(10);
    let dir = PathBuf::from(dir);
    let run = || -> std::io::Result<Vec<String>> {
        let manifest = find_manifest(&dir)?;
        let mut engine = Engine::open(DirSource::new(&dir), &manifest)?;
        engine.search(query, limit)?;
        Ok(engine.src.files.clone())
    };
    match run() {
        Ok(files) => {
            for f in files {
                println!("{f}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("query-bytes: {e}");
            ExitCode::FAILURE
        }
    }
}
