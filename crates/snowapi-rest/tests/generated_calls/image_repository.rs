//! Requests of the `image_repository` API.
