//! Japanese participants' roles (taxonomy.md `jp_roles`) and the foreign
//! titles that contain the same words.

use koryu_model::Role;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Role words, longest match first wins. `None` marks a counterpart's title
/// that contains a Japanese role word (`国防大臣` contains `大臣`), so the
/// longest match swallows it.
const ROLES: &[(&str, Option<Role>)] = &[
    ("防衛大臣政務官", Some(Role::ParliamentaryViceMinister)),
    ("大臣政務官", Some(Role::ParliamentaryViceMinister)),
    ("防衛政務官", Some(Role::ParliamentaryViceMinister)),
    ("政務官", Some(Role::ParliamentaryViceMinister)),
    ("防衛大臣", Some(Role::Minister)),
    ("防衛相", Some(Role::Minister)),
    ("大臣", Some(Role::Minister)),
    ("防衛副大臣", Some(Role::StateMinister)),
    ("副大臣", Some(Role::StateMinister)),
    ("防衛事務次官", Some(Role::AdministrativeViceMinister)),
    ("事務次官", Some(Role::AdministrativeViceMinister)),
    ("防衛審議官", Some(Role::ViceMinisterInternational)),
    ("統合幕僚長", Some(Role::ChiefJointStaff)),
    ("統幕長", Some(Role::ChiefJointStaff)),
    ("参謀総長級", Some(Role::ChiefJointStaff)),
    ("参謀長級", Some(Role::ChiefJointStaff)),
    ("参謀総長会議", Some(Role::ChiefJointStaff)),
    ("陸上幕僚長", Some(Role::ChiefGroundStaff)),
    ("陸幕長", Some(Role::ChiefGroundStaff)),
    ("海上幕僚長", Some(Role::ChiefMaritimeStaff)),
    ("海幕長", Some(Role::ChiefMaritimeStaff)),
    ("航空幕僚長", Some(Role::ChiefAirStaff)),
    ("空幕長", Some(Role::ChiefAirStaff)),
    ("防衛装備庁長官", Some(Role::AtlaCommissioner)),
    ("内閣総理大臣", Some(Role::PrimeMinister)),
    ("総理大臣", Some(Role::PrimeMinister)),
    ("首相", Some(Role::PrimeMinister)),
    // The titles before the Agency became a Ministry (2007) and before the
    // Joint Staff Council became the Joint Staff (2006), in white papers of
    // those years: the same posts as taxonomy.md's words.
    ("防衛庁長官", Some(Role::Minister)),
    ("防衛庁副長官", Some(Role::StateMinister)),
    ("統合幕僚会議議長", Some(Role::ChiefJointStaff)),
    ("統幕議長", Some(Role::ChiefJointStaff)),
    ("防衛研究所長", Some(Role::NidsPresident)),
    ("防衛研究所所長", Some(Role::NidsPresident)),
    // Counterparts' titles.
    ("国防大臣", None),
    ("国防副大臣", None),
    ("国防閣外大臣", None),
    ("閣外大臣", None),
    ("国防次官", None),
    ("国防事務次官", None),
    ("国防政務次官", None),
    ("政務次官", None),
    ("国防事務総長", None),
    ("国防長官", None),
    ("事務総長", None),
    ("事務次長", None),
    ("首相府", None),
];

/// A role word and its role, as in [`ROLES`].
type RoleEntry = (&'static str, Option<Role>);

/// [`ROLES`] by first char, in table order: `roles_in` asks at every char.
static ROLES_BY_FIRST_CHAR: LazyLock<HashMap<char, Vec<RoleEntry>>> = LazyLock::new(|| {
    let mut index: HashMap<char, Vec<RoleEntry>> = HashMap::new();
    for (word, role) in ROLES {
        if let Some(first) = word.chars().next() {
            index.entry(first).or_default().push((word, *role));
        }
    }
    index
});

/// The longest role word `text` starts with, and its length in bytes.
pub(crate) fn longest(text: &str) -> Option<(Option<Role>, usize)> {
    let first = text.chars().next()?;
    ROLES_BY_FIRST_CHAR
        .get(&first)?
        .iter()
        .filter(|(word, _)| text.starts_with(word))
        .max_by_key(|(word, _)| word.len())
        .map(|(word, role)| (*role, word.len()))
}

/// The role a whole word names.
pub(crate) fn exact(word: &str) -> Option<Role> {
    ROLES.iter().find(|(w, _)| *w == word).and_then(|(_, role)| *role)
}
