//! The shared AWS `config` and `credentials` files: where they are, how
//! they are parsed, and a merged view of one profile over both files.
//!
//! [`ProfileFiles::load`] reads both files once. [`ProfileFiles::profile`]
//! then looks a profile up in both, and a property in the credentials file
//! wins over the same property in the config file.

mod files;
mod parser;

pub use files::{LoadError, SharedFile};
pub use parser::{parse, FileKind, ParseError, ParsedFile, Property, Section, SkippedSection};

use crate::env::Env;

/// The config file and the credentials file, read once.
#[derive(Clone, Debug)]
pub struct ProfileFiles {
    config: SharedFile,
    credentials: SharedFile,
}

impl ProfileFiles {
    /// Locates both files through `env` and reads them.
    ///
    /// The config file is `AWS_CONFIG_FILE`, else `~/.aws/config`. The
    /// credentials file is `AWS_SHARED_CREDENTIALS_FILE`, else
    /// `~/.aws/credentials`. A leading `~` is the home directory from
    /// `HOME`, else `USERPROFILE`, else `HOMEDRIVE` and `HOMEPATH`. A file
    /// that does not exist counts as empty.
    ///
    /// # Errors
    ///
    /// Returns a [`LoadError`] naming the file when a file exists but cannot
    /// be read, is not UTF-8, or contains a line that is not valid, with its
    /// line number.
    pub fn load(env: &Env) -> Result<Self, LoadError> {
        Ok(Self {
            config: SharedFile::load(FileKind::Config, env)?,
            credentials: SharedFile::load(FileKind::Credentials, env)?,
        })
    }

    /// Returns the config file.
    pub fn config_file(&self) -> &SharedFile {
        &self.config
    }

    /// Returns the credentials file.
    pub fn credentials_file(&self) -> &SharedFile {
        &self.credentials
    }

    /// Returns the profile `name` merged over both files, or `None` when
    /// neither file has it.
    pub fn profile(&self, name: &str) -> Option<Profile<'_>> {
        let config = self.config.parsed().and_then(|file| file.profile(name));
        let credentials = self
            .credentials
            .parsed()
            .and_then(|file| file.profile(name));
        if config.is_none() && credentials.is_none() {
            return None;
        }
        Some(Profile {
            name: name.to_owned(),
            files: self,
            config,
            credentials,
        })
    }

    /// Returns the `[services name]` section of the config file.
    pub fn services(&self, name: &str) -> Option<&Section> {
        self.config.parsed().and_then(|file| file.services(name))
    }
}

/// One profile as the two files define it together.
#[derive(Clone, Debug)]
pub struct Profile<'a> {
    name: String,
    files: &'a ProfileFiles,
    config: Option<&'a Section>,
    credentials: Option<&'a Section>,
}

impl<'a> Profile<'a> {
    /// Returns the profile name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Returns both files, for looking up sections that the profile
    /// refers to.
    pub fn files(&self) -> &'a ProfileFiles {
        self.files
    }

    /// Returns the property `name`, from the credentials file when both
    /// files set it.
    pub fn get(&self, name: &str) -> Option<Setting<'a>> {
        let from_credentials = self.credentials.and_then(|section| section.get(name));
        if let Some(property) = from_credentials {
            return Some(Setting {
                property,
                file: &self.files.credentials,
            });
        }
        let property = self.config.and_then(|section| section.get(name))?;
        Some(Setting {
            property,
            file: &self.files.config,
        })
    }

    /// Returns the property `name` when it is set to a non-empty value.
    pub fn get_non_empty(&self, name: &str) -> Option<Setting<'a>> {
        self.get(name).filter(|setting| !setting.value().is_empty())
    }
}

/// A property together with the file it was read from.
#[derive(Clone, Copy, Debug)]
pub struct Setting<'a> {
    property: &'a Property,
    file: &'a SharedFile,
}

impl<'a> Setting<'a> {
    /// Returns the value.
    pub fn value(&self) -> &'a str {
        self.property.value()
    }

    /// Returns the property with its line number and sub-properties.
    pub fn property(&self) -> &'a Property {
        self.property
    }

    /// Returns the file that set the property.
    pub fn file(&self) -> &'a SharedFile {
        self.file
    }

    /// Returns `PATH:LINE` of the property, for error messages.
    pub fn position(&self) -> String {
        self.file.position(self.property.line())
    }
}
