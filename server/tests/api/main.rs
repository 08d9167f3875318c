//! The portal's integration tests, one binary (one link, shared harness): each module is a
//! suite run against the real portal on SQLite and on PostgreSQL.

#[macro_use]
mod common;

mod announcements;
mod attachments;
mod audit;
mod board;
mod catalogue;
mod command_line;
mod console_manifest;
mod console_services;
mod delivery_faults;
mod destinations;
mod drafts;
mod feedback;
mod following;
mod health_pages;
mod journal;
mod migrations;
mod notification_channels;
mod notification_push;
mod notification_sms;
mod notification_timing;
mod notifications;
mod operations;
mod pages;
mod requests;
mod seal;
mod service_messages;
mod sessions;
mod sign_in;
mod signatures;
mod usage;
mod wizard_without_script;
