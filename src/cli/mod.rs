//! The parts of the `gongwen` command behind its argument parsing: messages, the fonts of a
//! run, the reports of a run and where their files go, building many reports at once,
//! signals and watching.

pub mod batch;
pub mod fontsets;
pub mod inputs;
pub mod printer;
pub mod report;
pub mod signals;
pub mod summary;
pub mod watch;
