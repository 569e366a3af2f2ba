//! Placeholder; see issue 8.
