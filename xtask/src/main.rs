//! Project automation for snowapi.
//!
//! `cargo xtask codegen [--api NAME]...` regenerates `crates/snowapi-rest/src/generated/` from
//! `openapi/`; `cargo xtask codegen --check` regenerates in memory and fails with a diff summary
//! when the committed code is stale.

// A command-line tool: its output is the point.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod bundle;
mod generate;
mod lint;

use std::{
    collections::BTreeMap,
    fs,
    path::{Path, PathBuf},
    process::ExitCode,
};

use anyhow::{Context, Result, bail};
use generate::{Api, module_index};

const USAGE: &str = "usage: cargo xtask codegen [--check] [--api NAME]...";

/// How many diff lines `--check` shows per stale file before it summarises the rest.
const DIFF_LINES_SHOWN: usize = 40;

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::FAILURE
        }
    }
}

struct Options {
    check: bool,
    apis: Vec<String>,
}

fn parse(args: Vec<String>) -> Result<Options> {
    let mut args = args.into_iter();
    match args.next().as_deref() {
        Some("codegen") => {}
        _ => bail!("{USAGE}"),
    }
    let mut options = Options {
        check: false,
        apis: Vec::new(),
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => options.check = true,
            "--api" => options.apis.push(args.next().context(USAGE)?),
            other => bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    Ok(options)
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .into()
}

fn run(args: Vec<String>) -> Result<ExitCode> {
    let options = parse(args)?;
    let root = workspace_root();
    let spec_dir = root.join("openapi");
    let out_dir = root.join("crates/snowapi-rest/src/generated");

    let common_text =
        fs::read_to_string(spec_dir.join("common.yaml")).context("reading openapi/common.yaml")?;
    let common = serde_yaml::from_str(&common_text).context("openapi/common.yaml is not YAML")?;
    let mut apis = discover(&spec_dir)?;
    for wanted in &options.apis {
        if !apis.iter().any(|api| &api.name == wanted) {
            bail!("no API `{wanted}`: there is no openapi/{wanted}.yaml");
        }
    }
    if !options.apis.is_empty() {
        apis.retain(|api| options.apis.contains(&api.name));
    }

    // Progenitor panics on some shapes; its messages are reported per API instead.
    std::panic::set_hook(Box::new(|_| {}));
    let mut produced = BTreeMap::new();
    let mut failures = Vec::new();
    for api in &apis {
        match api.generate(&common) {
            Ok(generated) => {
                produced.insert(api.module.clone(), generated);
            }
            Err(e) => failures.push(format!("{} (openapi/{}.yaml): {e:#}", api.name, api.name)),
        }
    }
    let _ = std::panic::take_hook();

    let mut files = BTreeMap::new();
    for (module, generated) in &produced {
        files.insert(out_dir.join(format!("{module}.rs")), generated.code.clone());
    }
    if options.apis.is_empty() || !options.check {
        files.insert(
            out_dir.join("mod.rs"),
            index(&out_dir, &produced, &discover(&spec_dir)?)?,
        );
    }

    let stale = if options.check {
        check(&root, &out_dir, &files, options.apis.is_empty())?
    } else {
        write(&root, &files)?;
        0
    };

    for failure in &failures {
        eprintln!("error: {failure}\n");
    }
    if !failures.is_empty() {
        eprintln!(
            "{} of {} APIs failed to generate",
            failures.len(),
            apis.len()
        );
    }
    Ok(if failures.is_empty() && stale == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Every `openapi/*.yaml` but `common.yaml`, in name order.
fn discover(spec_dir: &Path) -> Result<Vec<Api>> {
    let mut apis = Vec::new();
    for entry in fs::read_dir(spec_dir).context("reading openapi/")? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = name.strip_suffix(".yaml") else {
            continue;
        };
        if stem == "common" {
            continue;
        }
        let source = fs::read_to_string(&path).with_context(|| format!("reading {name}"))?;
        apis.push(Api::new(stem, source));
    }
    apis.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(apis)
}

/// The module index lists every API with a spec whose module exists: generated now, or kept from
/// an earlier run when only some APIs were asked for (or one failed).
fn index(
    out_dir: &Path,
    produced: &BTreeMap<String, generate::Generated>,
    all: &[Api],
) -> Result<String> {
    let mut modules = Vec::new();
    for api in all {
        let title = match produced.get(&api.module) {
            Some(generated) => generated.title.clone(),
            None if out_dir.join(format!("{}.rs", api.module)).exists() => {
                let spec: serde_json::Value = serde_yaml::from_str(&api.source).unwrap_or_default();
                let title = spec.pointer("/info/title").and_then(|t| t.as_str());
                title.unwrap_or(&api.name).to_owned()
            }
            None => continue,
        };
        modules.push((api.module.clone(), title));
    }
    Ok(module_index(&modules))
}

fn write(root: &Path, files: &BTreeMap<PathBuf, String>) -> Result<()> {
    for (path, code) in files {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let unchanged = fs::read_to_string(path).is_ok_and(|old| &old == code);
        if !unchanged {
            fs::write(path, code).with_context(|| format!("writing {}", path.display()))?;
            println!("wrote {}", relative(root, path));
        }
    }
    Ok(())
}

/// Compares what generation gives with what is committed; returns how many files differ.
fn check(
    root: &Path,
    out_dir: &Path,
    files: &BTreeMap<PathBuf, String>,
    whole: bool,
) -> Result<usize> {
    let mut stale = 0;
    for (path, fresh) in files {
        let committed = fs::read_to_string(path).unwrap_or_default();
        if &committed == fresh {
            continue;
        }
        stale += 1;
        eprintln!(
            "stale: {} differs from what `cargo xtask codegen` generates",
            relative(root, path)
        );
        let diff = similar::TextDiff::from_lines(&committed, fresh);
        let text = diff
            .unified_diff()
            .context_radius(1)
            .header("committed", "generated")
            .to_string();
        let lines: Vec<&str> = text.lines().collect();
        for line in lines.iter().take(DIFF_LINES_SHOWN) {
            eprintln!("    {line}");
        }
        if lines.len() > DIFF_LINES_SHOWN {
            eprintln!("    … {} more diff lines", lines.len() - DIFF_LINES_SHOWN);
        }
    }
    if whole {
        // A module whose spec is gone is stale too.
        for entry in fs::read_dir(out_dir).into_iter().flatten() {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "rs") && !files.contains_key(&path) {
                stale += 1;
                eprintln!(
                    "stale: {} has no spec in openapi/ any more",
                    relative(root, &path)
                );
            }
        }
    }
    if stale > 0 {
        eprintln!("{stale} generated file(s) are stale: run `cargo xtask codegen` and commit");
    }
    Ok(stale)
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}
