//! The YAML source, both ways: the reader (YAML → report model) and the writer the importer
//! uses (model → YAML). The only module that knows the YAML format and serde_yaml, so the format
//! can change without touching any writer of the other formats.

mod aliases;
mod blocks;
mod catalogue;
mod lint;
mod locate;
mod read;
mod schema;
mod texts;
pub mod write;

pub use aliases::{budget as expansion_budget, EXPANSION_FACTOR, EXPANSION_FLOOR};
pub use catalogue::read_catalogue;
pub use read::{load, load_with, parse, parse_with, Loaded, MAX_LEVEL, MAX_SOURCE_BYTES};
pub use schema::schema;
pub use write::{to_yaml, to_yaml_with};
