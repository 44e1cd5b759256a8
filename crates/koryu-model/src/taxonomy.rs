//! The closed vocabularies of taxonomy.md and schema.md, with their codes.

use serde::{Deserialize, Serialize};

/// Defines a `Copy` enum whose serde form and `as_str` are the given codes,
/// so the code table is written once.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The stable code of schema.md / taxonomy.md.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// The value for a code, `None` for an unknown one.
            pub fn from_code(code: &str) -> Option<$name> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

code_enum! {
    /// What kind of exchange a mention is about (taxonomy.md `category`).
    Category {
        /// ハイレベル交流.
        HighLevel = "high_level",
        /// 実務者交流・防衛当局間の定期協議.
        WorkingLevel = "working_level",
        /// 部隊間交流.
        UnitExchange = "unit_exchange",
        /// 留学生の交換.
        Education = "education",
        /// 研究交流.
        Research = "research",
        /// 多国間安全保障対話.
        MultilateralDialogue = "multilateral_dialogue",
        /// 共同訓練・演習.
        Exercise = "exercise",
        /// 能力構築支援.
        CapacityBuilding = "capacity_building",
        /// 装備・技術交流・協力.
        EquipmentTechnology = "equipment_technology",
        /// 情報交換.
        InformationExchange = "information_exchange",
        /// 協定・覚書・取決め.
        Agreement = "agreement",
        /// 達成手段の予算額・執行額.
        Budget = "budget",
    }
}

code_enum! {
    /// A Japanese participant's role (taxonomy.md `jp_roles`).
    Role {
        /// 防衛大臣, 防衛相, 大臣.
        Minister = "minister",
        /// 防衛副大臣, 副大臣.
        StateMinister = "state_minister",
        /// 防衛大臣政務官, 大臣政務官, 政務官.
        ParliamentaryViceMinister = "parliamentary_vice_minister",
        /// 防衛事務次官, 事務次官.
        AdministrativeViceMinister = "administrative_vice_minister",
        /// 防衛審議官.
        ViceMinisterInternational = "vice_minister_international",
        /// 統合幕僚長, 統幕長.
        ChiefJointStaff = "chief_joint_staff",
        /// 陸上幕僚長, 陸幕長.
        ChiefGroundStaff = "chief_ground_staff",
        /// 海上幕僚長, 海幕長.
        ChiefMaritimeStaff = "chief_maritime_staff",
        /// 航空幕僚長, 空幕長.
        ChiefAirStaff = "chief_air_staff",
        /// 防衛装備庁長官.
        AtlaCommissioner = "atla_commissioner",
        /// 内閣総理大臣, 総理大臣, 首相.
        PrimeMinister = "prime_minister",
        /// 防衛研究所長.
        NidsPresident = "nids_president",
    }
}

code_enum! {
    /// How the participants met (schema.md `mode`).
    Mode {
        InPerson = "in_person",
        /// テレビ会談, VTC, オンライン.
        Video = "video",
        /// 電話会談, 電話懇談.
        Phone = "phone",
        /// ハイブリッド.
        Hybrid = "hybrid",
    }
}

code_enum! {
    /// Which way the visit went (schema.md `direction`).
    Direction {
        /// 訪日, 来日, 来省, 来訪.
        Inbound = "inbound",
        /// 〜訪問, 訪X.
        Outbound = "outbound",
        /// Met at a forum or third country.
        Venue = "venue",
    }
}

code_enum! {
    /// What happened to the event (schema.md `status`); `held` unless the
    /// source says otherwise.
    #[derive(Default)]
    Status {
        #[default]
        Held = "held",
        /// 中止.
        Cancelled = "cancelled",
        /// 署名.
        Signed = "signed",
        /// 発効.
        InForce = "in_force",
        Planned = "planned",
    }
}

code_enum! {
    /// What a mention records (schema.md `kind`).
    MentionKind {
        Event = "event",
        StudentCount = "student_count",
        Budget = "budget",
        AgreementStatus = "agreement_status",
    }
}

code_enum! {
    /// The kind of source document (schema.md `source_doc_kind`).
    DocKind {
        EvaluationTable = "evaluation_table",
        WhitePaper = "white_paper",
        PolicyNotice = "policy_notice",
        Spreadsheet = "spreadsheet",
        Csv = "csv",
    }
}

code_enum! {
    /// What a row of a notice's header records (schema.md `document_history`).
    HistoryAction {
        /// The document's first issue (the number and date above 殿).
        Issued = "issued",
        /// 一部改正: an amendment.
        Amended = "amended",
    }
}

code_enum! {
    /// What `count` counts (schema.md `count_detail`).
    CountDetail {
        /// Students received (受入れ).
        Inbound = "inbound",
        /// Students sent (派遣, 諸外国への留学).
        Outbound = "outbound",
        /// 当初予算額.
        Initial = "initial",
        /// 執行額.
        Executed = "executed",
        /// 当初予算額 of the table's total row (施策の予算額・執行額): the sum
        /// of the `initial` rows, kept apart so summing items never counts
        /// a yen twice.
        InitialTotal = "initial_total",
        /// 執行額 of the table's total row.
        ExecutedTotal = "executed_total",
    }
}

impl CountDetail {
    /// The detail of the parts a total adds up: `initial_total` → `initial`,
    /// `executed_total` → `executed`; any other detail is its own.
    pub fn of_parts(self) -> CountDetail {
        match self {
            CountDetail::InitialTotal => CountDetail::Initial,
            CountDetail::ExecutedTotal => CountDetail::Executed,
            other => other,
        }
    }

    /// True for the details of a stated total row.
    pub fn is_total(self) -> bool {
        self != self.of_parts()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_serde() {
        for c in Category::ALL {
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(Category::from_code(c.as_str()), Some(*c));
        }
        assert_eq!(serde_json::to_string(&Role::ChiefJointStaff).unwrap(), "\"chief_joint_staff\"");
    }
}
