//! `WASM_BINARY_PATH`: where the upgraded runtime's wasm was last built, or `None` if
//! this build did not build it (MISSIVE_BUILD_UPGRADE_WASM unset).

include!(concat!(env!("OUT_DIR"), "/missive_runtime_upgrade"));
