//! Nothing to link: this package exists for its build script, which builds the
//! upgraded runtime's wasm (scripts/upgrade-wasm.sh prints its path).
