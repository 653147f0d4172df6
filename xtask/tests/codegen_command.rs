//! `cargo xtask codegen` as a user runs it: the committed crate is current,
//! `--check` names stale files without writing, and a broken model writes
//! nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// A fresh folder under the system's temporary folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("ingot-xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn committed_crate_is_current() {
    let output = xtask(&["codegen", "--check"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "generated/ is stale:\n{stderr}");
}

#[test]
fn check_names_stale_and_missing_files() {
    let dir = TempDir::new("stale");
    let model = workspace_root().join("model/entityresolution.json");
    let out = dir.0.join("crate");
    let (model, out) = (model.to_str().unwrap(), out.to_str().unwrap());

    let written = xtask(&["codegen", "--model", model, "--out", out]);
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    let clean = xtask(&["codegen", "--model", model, "--out", out, "--check"]);
    assert!(clean.status.success(), "{}", String::from_utf8_lossy(&clean.stderr));

    let lib = dir.0.join("crate/src/lib.rs");
    std::fs::write(&lib, "// edited by hand\n").unwrap();
    std::fs::remove_file(dir.0.join("crate/src/client.rs")).unwrap();
    std::fs::write(dir.0.join("crate/src/extra.rs"), "").unwrap();

    let stale = xtask(&["codegen", "--model", model, "--out", out, "--check"]);
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert!(!stale.status.success());
    assert!(stderr.contains("src/lib.rs"), "{stderr}");
    assert!(stderr.contains("src/client.rs"), "{stderr}");
    assert!(stderr.contains("src/extra.rs"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&lib).unwrap(), "// edited by hand\n", "--check must not write");
}

#[test]
fn broken_model_writes_nothing() {
    let dir = TempDir::new("broken");
    let model = dir.0.join("broken.json");
    let text = std::fs::read_to_string(workspace_root().join("model/entityresolution.json")).unwrap();
    let broken = text.replace("\"target\": \"com.amazonaws.entityresolution#RoleArn\"", "\"target\": \"com.amazonaws.entityresolution#Missing\"");
    assert_ne!(text, broken, "the replacement must change the model");
    std::fs::write(&model, broken).unwrap();
    let out = dir.0.join("crate");

    let output = xtask(&["codegen", "--model", model.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);

    assert!(!output.status.success());
    assert!(stderr.contains("com.amazonaws.entityresolution#Missing"), "{stderr}");
    assert!(stderr.contains("broken.json"), "{stderr}");
    assert!(stderr.contains("IdMappingJobOutputSource"), "{stderr}");
    assert!(!out.exists(), "nothing may be written for a broken model");
}

#[test]
fn crate_name_with_path_is_rejected() {
    let dir = TempDir::new("name");
    let model = workspace_root().join("model/entityresolution.json");
    let out = dir.0.join("crate");
    let output = xtask(&["codegen", "--model", model.to_str().unwrap(), "--out", out.to_str().unwrap(), "--crate-name", "../evil"]);

    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid crate name"));
    assert!(!out.exists());
}
