//! The states of a required member in a generated builder.
//!
//! A builder has one type parameter per required member. It starts as
//! [`Unset`], and the member's setter turns it into [`Set`], which contains
//! the value. `build()` and `send()` require, for each parameter, a trait
//! that only `Set` implements, so leaving out a required member is a
//! compile error that names it, instead of an error at run time.

/// A required member that has not been set yet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Unset;

/// A required member that has been set, with its value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Set<T>(T);

impl<T> Set<T> {
    /// Wraps the value of a required member.
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// Returns the value.
    pub fn into_value(self) -> T {
        self.0
    }
}

/// Gives the value of a required member whose state is [`Set`].
///
/// Generated builders name one trait per required member, with this one
/// as its supertrait, so that the compiler's message names the member.
pub trait IsSet<T> {
    /// Returns the member's value.
    fn into_value(self) -> T;
}

impl<T> IsSet<T> for Set<T> {
    fn into_value(self) -> T {
        self.0
    }
}

/// Either state of a required list or map, which setters that add one item
/// extend whether or not items were added before.
pub trait Slot<T> {
    /// Returns the value so far, or `None` when the member is unset.
    fn into_option(self) -> Option<T>;
}

impl<T> Slot<T> for Unset {
    fn into_option(self) -> Option<T> {
        None
    }
}

impl<T> Slot<T> for Set<T> {
    fn into_option(self) -> Option<T> {
        Some(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_gives_back_its_value() {
        assert_eq!(Set::new("role").into_value(), "role");
        assert_eq!(IsSet::into_value(Set::new(7)), 7);
    }

    #[test]
    fn slots_report_whether_a_value_was_set() {
        assert_eq!(Slot::<Vec<u8>>::into_option(Unset), None);
        assert_eq!(Set::new(vec![1u8]).into_option(), Some(vec![1u8]));
    }
}
