//! The sites (separate Huawei Cloud platforms) that serve the BSS APIs.

use std::fmt;
use std::str::FromStr;

/// Selects the site in [`Client::from_env`](crate::Client::from_env): `china`, `international`
/// or `europe` (or the official SDKs' region ids, `cn-north-1`, `ap-southeast-1`,
/// `eu-west-101`). This crate's own variable.
pub const ENV_SITE: &str = "HUAWEICLOUD_BSS_SITE";

/// A Huawei Cloud site and its BSS endpoint, as the official SDKs list them
/// (`huaweicloudsdkbss` `BssRegion`, `huaweicloudsdkbssintl` `BssintlRegion`).
///
/// The China site has one API (the `huaweicloud-bss-<domain>` crates); the international and
/// European sites share another ([`SiteApi::International`], the `huaweicloud-bss-intl-<domain>`
/// crates), which differs in operations and fields. A call through a crate of one API to a
/// site of the other fails before anything is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Site {
    /// Huawei Cloud China (`cn-north-1`), `https://bss.myhuaweicloud.com`. The default.
    #[default]
    China,
    /// Huawei Cloud international (`ap-southeast-1`), `https://bss-intl.myhuaweicloud.com`.
    International,
    /// Huawei Cloud Europe (`eu-west-101`), `https://bss.myhuaweicloud.eu`, which serves the
    /// international API.
    Europe,
}

impl Site {
    /// Every site, China first.
    pub const ALL: [Site; 3] = [Site::China, Site::International, Site::Europe];

    /// The BSS endpoint of the site.
    pub fn endpoint(self) -> &'static str {
        match self {
            Site::China => "https://bss.myhuaweicloud.com",
            Site::International => "https://bss-intl.myhuaweicloud.com",
            Site::Europe => "https://bss.myhuaweicloud.eu",
        }
    }

    /// The region id the official SDKs give the site's BSS endpoint.
    pub fn region_id(self) -> &'static str {
        match self {
            Site::China => "cn-north-1",
            Site::International => "ap-southeast-1",
            Site::Europe => "eu-west-101",
        }
    }

    /// The name [`FromStr`] reads and `Display` writes.
    pub fn name(self) -> &'static str {
        match self {
            Site::China => "china",
            Site::International => "international",
            Site::Europe => "europe",
        }
    }

    /// The API the site serves.
    pub fn api(self) -> SiteApi {
        match self {
            Site::China => SiteApi::China,
            Site::International | Site::Europe => SiteApi::International,
        }
    }
}

/// One of the two BSS APIs: each generated crate calls one, every operation belongs to one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SiteApi {
    /// The China site's API (`huaweicloud-bss-<domain>` crates).
    China,
    /// The international API, served by the international and European sites
    /// (`huaweicloud-bss-intl-<domain>` crates; the official SDK `huaweicloudsdkbssintl`).
    International,
}

impl SiteApi {
    /// The site a client calls when its config names none: China, or international.
    pub fn default_site(self) -> Site {
        match self {
            SiteApi::China => Site::China,
            SiteApi::International => Site::International,
        }
    }

    /// The sites that serve this API.
    pub fn sites(self) -> &'static [Site] {
        match self {
            SiteApi::China => &[Site::China],
            SiteApi::International => &[Site::International, Site::Europe],
        }
    }

    /// Short name for messages: `China`, `international`.
    pub fn name(self) -> &'static str {
        match self {
            SiteApi::China => "China",
            SiteApi::International => "international",
        }
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown site name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown site {0:?}: expected china, international or europe (or cn-north-1, ap-southeast-1, eu-west-101)")]
pub struct UnknownSite(pub String);

impl FromStr for Site {
    type Err = UnknownSite;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        Site::ALL
            .into_iter()
            .find(|site| wanted.eq_ignore_ascii_case(site.name()) || wanted.eq_ignore_ascii_case(site.region_id()))
            .ok_or_else(|| UnknownSite(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_region_ids_parse_and_china_is_the_default() {
        assert_eq!(Site::default(), Site::China);
        assert_eq!("International".parse::<Site>(), Ok(Site::International));
        assert_eq!("eu-west-101".parse::<Site>(), Ok(Site::Europe));
        assert_eq!(" cn-north-1 ".parse::<Site>(), Ok(Site::China));
        let err = "mars".parse::<Site>().unwrap_err();
        assert!(err.to_string().contains("china, international or europe"));
        for site in Site::ALL {
            assert_eq!(site.to_string().parse::<Site>(), Ok(site));
            assert!(site.endpoint().starts_with("https://bss"));
        }
        assert_eq!(crate::DEFAULT_ENDPOINT, Site::China.endpoint());
    }

    #[test]
    fn europe_serves_the_international_api_and_each_api_defaults_to_its_own_site() {
        assert_eq!(Site::Europe.api(), SiteApi::International);
        assert_eq!(Site::China.api(), SiteApi::China);
        assert_eq!(SiteApi::International.default_site(), Site::International);
        assert_eq!(SiteApi::China.sites(), &[Site::China]);
        for site in Site::ALL {
            assert!(site.api().sites().contains(&site));
        }
    }
}
