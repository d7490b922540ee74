//! The 15 test cases of the research note §6.5, end to end.
