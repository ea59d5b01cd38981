//! Builds `../Cargo.toml` (missive-runtime) for wasm with `upgrade-test` and
//! `try-runtime`, under the blob name `missive_runtime_upgrade`.

fn main() {
	let runtime = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
	substrate_wasm_builder::WasmBuilder::new()
		.with_project(runtime.canonicalize().expect("the runtime's Cargo.toml is beside us"))
		.expect("missive-runtime's Cargo.toml")
		.enable_feature("upgrade-test")
		.enable_feature("try-runtime")
		.set_file_name("missive_runtime_upgrade")
		.build();
}
