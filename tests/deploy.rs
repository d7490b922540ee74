//! The Netlify deploy: `netlify.toml` must ask for a Rust that can build the locked
//! dependencies, or every deploy fails before sotay runs.

use std::path::Path;
use std::process::Command;

/// `1.91` or `1.91.0` as comparable numbers.
fn version(text: &str) -> Vec<u64> {
    let mut parts: Vec<u64> = text
        .trim()
        .split('.')
        .map(|p| {
            p.parse()
                .unwrap_or_else(|_| panic!("not a version: {text}"))
        })
        .collect();
    parts.resize(3, 0);
    parts
}

#[test]
fn netlify_rust_version_builds_every_locked_dependency() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let netlify = std::fs::read_to_string(repo.join("netlify.toml")).unwrap();
    let config: toml::Value = toml::from_str(&netlify).unwrap();
    let wanted = config["build"]["environment"]["RUST_VERSION"]
        .as_str()
        .expect("netlify.toml: [build.environment] RUST_VERSION");
    let command = config["build"]["command"].as_str().unwrap();
    assert!(
        command.contains("--locked"),
        "the deploy must build the dependencies of Cargo.lock, which this test checks: {command}"
    );

    // The dependencies are on disk: the test itself was built with them.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .current_dir(repo)
        .output()
        .expect("cargo metadata");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    assert!(packages.len() > 50, "too few packages: {}", packages.len());
    let too_new: Vec<String> = packages
        .iter()
        .filter_map(|p| {
            let needs = p["rust_version"].as_str()?;
            (version(needs) > version(wanted))
                .then(|| format!("{} {} needs Rust {needs}", p["name"], p["version"]))
        })
        .collect();
    assert!(
        too_new.is_empty(),
        "netlify.toml asks for Rust {wanted}, too old for: {too_new:?}\n\
         raise RUST_VERSION in netlify.toml (and build with that Rust here first)"
    );
}
