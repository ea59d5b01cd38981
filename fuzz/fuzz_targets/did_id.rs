//! `did:missive:` strings: parsing never panics, and a DID has exactly one text form
//! (what parses prints back as the same string, and its text parses back to it).

#![no_main]

use libfuzzer_sys::fuzz_target;
use missive_primitives::did::DidId;

fuzz_target!(|data: &[u8]| {
	if let Ok(text) = core::str::from_utf8(data) {
		if let Ok(did) = text.parse::<DidId>() {
			assert_eq!(did.to_string(), text, "a DID has one text form");
		}
	}
	if let Ok(bytes) = <[u8; 32]>::try_from(data) {
		let did = DidId(bytes);
		assert_eq!(did.to_string().parse::<DidId>(), Ok(did));
	}
});
