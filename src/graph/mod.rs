//! The page graph: the identity and URL of every page ([`pages::PageId`]) and of every other
//! output file ([`files`]), what each page is made from (its inputs and fingerprint), and which
//! pages exist for a site model.

pub mod files;
pub mod pages;
