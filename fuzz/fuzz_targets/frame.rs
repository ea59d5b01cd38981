//! Message frames as a recipient's device takes them from the statement store, public
//! and sealed (private mode): whatever the bytes, decoding and opening never panic, and
//! only a frame sealed to the device, unaltered, opens — to what was sealed.

#![no_main]

use std::sync::OnceLock;

use codec::{Decode, Encode};
use libfuzzer_sys::fuzz_target;
use missive_client::{
	keys::{DeviceKey, Identity},
	message::{open, seal, Frame, Message, SignedMessage},
	sealed::{self, SealedContent, SealedFrame, SealedLeaf},
};
use sp_core::H256;

const PHRASE: &str = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

/// The recipient's device, and content genuinely sealed to it in private mode.
fn sealed_fixture() -> &'static (DeviceKey, SealedContent, Vec<u8>) {
	static FIXTURE: OnceLock<(DeviceKey, SealedContent, Vec<u8>)> = OnceLock::new();
	FIXTURE.get_or_init(|| {
		let identity = Identity::from_phrase(PHRASE).unwrap();
		let device = identity.device(0);
		let message = Message {
			sender: identity.did(),
			recipient: identity.did(),
			conversation: H256::repeat_byte(1),
			sent_at: 0,
			body: b"fuzz".to_vec(),
		};
		let leaf = SealedLeaf::sign(message, &identity.assertion, &H256::zero());
		let tree = sealed::tree(std::slice::from_ref(&leaf));
		let content = leaf.content(tree.root(), tree.proof(0).unwrap());
		let frame = sealed::seal(&content, &[device.public()]).unwrap().encode();
		(device, content, frame)
	})
}

/// `data` as a sealed frame, and XORed over the genuine one: only the genuine opens.
fn fuzz_sealed(data: &[u8]) {
	let (device, content, genuine) = sealed_fixture();
	let devices = std::slice::from_ref(device);
	if let Ok(frame) = SealedFrame::decode(&mut &data[..]) {
		if let Ok(opened) = sealed::open(&frame, devices) {
			assert_eq!(&opened, content, "only the genuine sealed frame opens");
		}
	}
	let mut altered = genuine.clone();
	for (byte, flip) in altered.iter_mut().zip(data) {
		*byte ^= flip;
	}
	if let Ok(frame) = SealedFrame::decode(&mut &altered[..]) {
		let changed = frame.encode() != *genuine;
		match sealed::open(&frame, devices) {
			Ok(opened) => {
				assert!(!changed, "an altered sealed frame opened");
				assert_eq!(&opened, content);
			},
			Err(_) => assert!(changed, "the genuine sealed frame did not open"),
		}
	}
}

/// The recipient's device, and a message genuinely sealed to it.
fn fixture() -> &'static (DeviceKey, SignedMessage, Vec<u8>) {
	static FIXTURE: OnceLock<(DeviceKey, SignedMessage, Vec<u8>)> = OnceLock::new();
	FIXTURE.get_or_init(|| {
		let identity = Identity::from_phrase(PHRASE).unwrap();
		let device = identity.device(0);
		let signed = Message {
			sender: identity.did(),
			recipient: identity.did(),
			conversation: H256::repeat_byte(1),
			sent_at: 0,
			body: b"fuzz".to_vec(),
		}
		.sign(&identity.assertion, &H256::zero());
		let frame = seal(&signed, &[device.public()]).unwrap().encode();
		(device, signed, frame)
	})
}

fuzz_target!(|data: &[u8]| {
	fuzz_sealed(data);
	let (device, signed, genuine) = fixture();
	// Arbitrary bytes as a frame.
	if let Ok(frame) = Frame::decode(&mut &data[..]) {
		if let Ok(opened) = open(&frame, device) {
			assert_eq!(&opened, signed, "only the genuine frame opens");
		}
	}
	// The genuine frame with the input XORed over it: opens only if unchanged.
	let mut altered = genuine.clone();
	for (byte, flip) in altered.iter_mut().zip(data) {
		*byte ^= flip;
	}
	if let Ok(frame) = Frame::decode(&mut &altered[..]) {
		let changed = frame.encode() != *genuine;
		match open(&frame, device) {
			Ok(opened) => {
				assert!(!changed, "an altered frame opened");
				assert_eq!(&opened, signed);
			},
			Err(_) => assert!(changed, "the genuine frame did not open"),
		}
	}
});
