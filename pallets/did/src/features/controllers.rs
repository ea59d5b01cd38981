//! Other DIDs that may update a DID: its controllers.

use frame_support::{dispatch::DispatchResult, ensure};
use missive_primitives::did::DidId;

use crate::{Config, DidRecordOf, Dids, Error, Event, Pallet};

impl<T: Config> Pallet<T> {
	/// [`Pallet::add_controller`], authorized for `did`, whose record is `record`.
	pub(crate) fn do_add_controller(
		did: DidId,
		mut record: DidRecordOf<T>,
		controller: DidId,
	) -> DispatchResult {
		ensure!(controller != did, Error::<T>::SelfReference);
		ensure!(Dids::<T>::contains_key(controller), Error::<T>::UnknownController);
		let added = record
			.document
			.controllers
			.try_insert(controller)
			.map_err(|_| Error::<T>::TooManyControllers)?;
		ensure!(added, Error::<T>::ControllerAlreadyAdded);
		let now = frame_system::Pallet::<T>::block_number();
		Self::save(did, record, now);
		Self::deposit_event(Event::ControllerAdded { did, controller });
		Ok(())
	}

	/// [`Pallet::remove_controller`], authorized for `did`, whose record is `record`.
	pub(crate) fn do_remove_controller(
		did: DidId,
		mut record: DidRecordOf<T>,
		controller: DidId,
	) -> DispatchResult {
		ensure!(record.document.controllers.remove(&controller), Error::<T>::ControllerNotFound);
		let now = frame_system::Pallet::<T>::block_number();
		Self::save(did, record, now);
		Self::deposit_event(Event::ControllerRemoved { did, controller });
		Ok(())
	}
}
