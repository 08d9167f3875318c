//! The browser entry point of pages that hold islands: it sets up the reactive system, then
//! `public/portal.js` hydrates each island with the function the bundle exports for it.
//! Pages without islands never load this bundle.

// The islands are defined in `app`; referencing the crate links their exported functions.
use app as _;

/// Called once by `public/portal.js`, before the islands are hydrated.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Panic messages in the console while developing; a release build leaves the hook's
    // formatting code out of every page's download (a panic still stops the island).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
