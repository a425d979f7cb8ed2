//! The rules of Chinese text that the reader, the linter, the layout and the importer share:
//! which characters are Chinese and full width, punctuation width and the 禁则, the numbers a
//! text states, and the tidying every text gets when a report is loaded.

pub mod classes;
pub mod hygiene;
pub mod numbers;
pub mod punct;
pub mod quantity;
pub mod units;

pub use classes::{is_cjk, is_wide};
pub use punct::{
    forbidden_end, forbidden_start, full_width, Summary, FORBIDDEN_END, FORBIDDEN_START,
};
pub use quantity::{parse_quantity, Parts, PREFIX_QUALIFIERS, SUFFIX_QUALIFIERS};
