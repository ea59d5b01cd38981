//! With MISSIVE_BUILD_UPGRADE_WASM=1, builds `../solochain/Cargo.toml` (missive-runtime) for
//! wasm with `upgrade-test` and `try-runtime`, as `missive_runtime_upgrade.wasm` in the
//! runtime's wasm project, beside the wasm the node embeds. Without it, nothing: the
//! runtime's own build script uses the same wasm project, and the two must not run at
//! once (scripts/upgrade-wasm.sh builds the workspace first).

const BUILD: &str = "MISSIVE_BUILD_UPGRADE_WASM";

fn main() {
	println!("cargo:rerun-if-env-changed={BUILD}");
	if std::env::var(BUILD).as_deref() != Ok("1") {
		return;
	}
	// Read when the script runs, not when it is compiled: clones in other folders share
	// the target directory and may reuse this script's binary.
	let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo names the package");
	let runtime = std::path::Path::new(&manifest_dir).join("../solochain/Cargo.toml");
	substrate_wasm_builder::WasmBuilder::new()
		.with_project(
			runtime.canonicalize().expect("the solochain runtime's Cargo.toml is beside us"),
		)
		.expect("missive-runtime's Cargo.toml")
		.enable_feature("upgrade-test")
		.enable_feature("try-runtime")
		.set_file_name("missive_runtime_upgrade")
		.build();
}
