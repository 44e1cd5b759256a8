//! Names of countries, organisations and roles as the Ministry writes them.
