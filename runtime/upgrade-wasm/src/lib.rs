//! The upgraded runtime's wasm: `WASM_BINARY_PATH`, `WASM_BINARY` and
//! `WASM_BINARY_BLOATY`, as substrate-wasm-builder writes them.

include!(concat!(env!("OUT_DIR"), "/missive_runtime_upgrade"));
