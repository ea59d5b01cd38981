//! Consent scopes in their text form (`messaging`, `conversation:0x…`, `data:…`):
//! parsing never panics, a scope has exactly one text form, and every scope that can
//! be encoded on chain has a text form that parses back to it.

#![no_main]

use codec::Decode;
use libfuzzer_sys::fuzz_target;
use missive_primitives::consent::ConsentScope;

fuzz_target!(|data: &[u8]| {
	if let Ok(text) = core::str::from_utf8(data) {
		if let Ok(scope) = text.parse::<ConsentScope>() {
			assert_eq!(scope.to_string(), text, "a scope has one text form");
		}
	}
	if let Ok(scope) = ConsentScope::decode(&mut &data[..]) {
		assert_eq!(scope.to_string().parse::<ConsentScope>(), Ok(scope));
	}
});
