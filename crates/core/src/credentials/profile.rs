use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideFuture, ProvidedCredentials};

/// Overrides the path of the profile file (the official SDKs' variable).
pub const ENV_CREDENTIALS_FILE: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";

/// The section the official SDKs read for global services such as BSS (`GlobalCredentials`).
const SECTION: &str = "global";

/// Credentials from the profile file of the official SDKs.
///
/// The file is `$HOME/.huaweicloud/credentials` (`%USERPROFILE%` on Windows), or the path in
/// `HUAWEICLOUD_SDK_CREDENTIALS_FILE`. It is an INI file read like Python's `configparser`
/// reads it; BSS is a global service, so the section is `[global]`:
///
/// ```ini
/// [global]
/// ak = my-access-key
/// sk = my-secret-key
/// # optional
/// security_token = ...
/// domain_id = ...
/// ```
///
/// Keys are case-insensitive, `=` or `:` separates key and value, whole-line comments start
/// with `#` or `;`, a `[DEFAULT]` section gives values to every section, `%%` is a literal `%`
/// and `%(key)s` the value of another key. As with the official SDK, a missing file, a missing
/// `[global]` section or a section without both `ak` and `sk` means "not here" (a chain goes
/// on), while a file that does not parse is an error. `project_id` and `iam_endpoint` are
/// ignored; `idp_id` with `id_token_file` (federation) is refused as unsupported.
#[derive(Clone, Debug, Default)]
pub struct ProfileProvider {
    path: Option<PathBuf>,
}

impl ProfileProvider {
    /// The file named by `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else `~/.huaweicloud/credentials`,
    /// resolved at each fetch.
    pub fn new() -> Self {
        ProfileProvider { path: None }
    }

    /// This file, whatever the environment says.
    pub fn with_path(path: impl Into<PathBuf>) -> Self {
        ProfileProvider {
            path: Some(path.into()),
        }
    }

    /// The path this provider reads now.
    pub fn path(&self) -> Option<PathBuf> {
        if let Some(path) = &self.path {
            return Some(path.clone());
        }
        default_path(|name| std::env::var(name).ok())
    }

    /// The credentials, now.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let path = self
            .path()
            .ok_or_else(|| CredentialsError::NotConfigured("credentials file: no home directory to look in".into()))?;
        load_file(&path)
    }
}

fn default_path(lookup: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(path) = lookup(ENV_CREDENTIALS_FILE).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let home = if cfg!(windows) {
        lookup("USERPROFILE")
    } else {
        lookup("HOME")
    };
    home.filter(|h| !h.is_empty())
        .map(|h| Path::new(&h).join(".huaweicloud").join("credentials"))
}

fn load_file(path: &Path) -> Result<Credentials, CredentialsError> {
    let shown = path.display().to_string();
    let text = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(CredentialsError::NotConfigured(format!(
                "credentials file {shown} does not exist"
            )))
        }
        Err(e) => {
            return Err(CredentialsError::Profile {
                path: shown,
                reason: format!("cannot be read: {}", e.kind()),
            })
        }
    };
    let text = String::from_utf8(text).map_err(|_| CredentialsError::Profile {
        path: shown.clone(),
        reason: "not UTF-8".into(),
    })?;
    let profile = Ini::parse(&text).map_err(|reason| CredentialsError::Profile {
        path: shown.clone(),
        reason,
    })?;
    let Some(section) = profile.section(SECTION) else {
        return Err(CredentialsError::NotConfigured(format!(
            "credentials file {shown} has no [{SECTION}] section"
        )));
    };
    let get = |key: &str| -> Result<Option<String>, CredentialsError> {
        match section.get(key) {
            None => Ok(None),
            Some(_) => profile
                .value(SECTION, key)
                .map(|v| Some(v).filter(|v| !v.is_empty()))
                .map_err(|reason| CredentialsError::Profile {
                    path: shown.clone(),
                    reason,
                }),
        }
    };
    if get("idp_id")?.is_some() && get("id_token_file")?.is_some() {
        return Err(CredentialsError::Unsupported(format!(
            "credentials file {shown}: idp_id and id_token_file (federated sign-in) are not supported by this crate"
        )));
    }
    let (Some(access_key), Some(secret_key)) = (get("ak")?, get("sk")?) else {
        return Err(CredentialsError::NotConfigured(format!(
            "credentials file {shown}: [{SECTION}] has no ak and sk"
        )));
    };
    Ok(Credentials::AkSk {
        access_key,
        secret_key: secret_key.into(),
        security_token: get("security_token")?.map(Into::into),
        domain_id: get("domain_id")?,
    })
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(std::future::ready(self.load().map(ProvidedCredentials::permanent)))
    }
}

/// An INI file as Python's `configparser.ConfigParser()` (default settings) reads it.
/// Error messages name lines, never values (a value may be a secret).
#[derive(Debug, Default)]
struct Ini {
    defaults: HashMap<String, String>,
    sections: HashMap<String, HashMap<String, String>>,
}

impl Ini {
    fn parse(text: &str) -> Result<Ini, String> {
        let mut ini = Ini::default();
        // (section, key) of the option a continuation line extends.
        let mut current: Option<String> = None;
        let mut last_key: Option<String> = None;
        let mut pending_blank = 0usize;
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let stripped = line.trim();
            if stripped.is_empty() {
                pending_blank += 1;
                continue;
            }
            if stripped.starts_with('#') || stripped.starts_with(';') {
                continue;
            }
            let indented = line.starts_with([' ', '\t']);
            if indented {
                if let (Some(section), Some(key)) = (&current, &last_key) {
                    let map = ini.section_mut(section);
                    let value = map.get_mut(key).expect("the option was just inserted");
                    for _ in 0..pending_blank {
                        value.push('\n');
                    }
                    value.push('\n');
                    value.push_str(stripped);
                    pending_blank = 0;
                    continue;
                }
            }
            pending_blank = 0;
            if let Some(rest) = stripped.strip_prefix('[') {
                let Some(end) = rest.rfind(']') else {
                    return Err(format!("line {number}: unterminated section header"));
                };
                let name = &rest[..end];
                if name.is_empty() {
                    return Err(format!("line {number}: empty section name"));
                }
                if name != "DEFAULT" && ini.sections.contains_key(name) {
                    return Err(format!("line {number}: section [{name}] appears twice"));
                }
                if name != "DEFAULT" {
                    ini.sections.insert(name.to_string(), HashMap::new());
                }
                current = Some(name.to_string());
                last_key = None;
                continue;
            }
            let Some(section) = &current else {
                return Err(format!("line {number}: a key before any [section] header"));
            };
            let Some(at) = stripped.find(['=', ':']) else {
                return Err(format!("line {number}: expected key = value"));
            };
            let key = stripped[..at].trim().to_lowercase();
            if key.is_empty() {
                return Err(format!("line {number}: empty key"));
            }
            let value = stripped[at + 1..].trim().to_string();
            let map = ini.section_mut(section);
            if map.contains_key(&key) {
                return Err(format!("line {number}: key {key:?} appears twice in [{section}]"));
            }
            map.insert(key.clone(), value);
            last_key = Some(key);
        }
        Ok(ini)
    }

    fn section_mut(&mut self, name: &str) -> &mut HashMap<String, String> {
        if name == "DEFAULT" {
            &mut self.defaults
        } else {
            self.sections
                .get_mut(name)
                .expect("sections are inserted when their header is read")
        }
    }

    /// The raw options of a section, `[DEFAULT]` values included.
    fn section(&self, name: &str) -> Option<HashMap<&str, &str>> {
        let own = self.sections.get(name)?;
        let mut all: HashMap<&str, &str> = self.defaults.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        all.extend(own.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        Some(all)
    }

    /// A value with `%%` and `%(key)s` resolved, as `configparser`'s basic interpolation does.
    fn value(&self, section: &str, key: &str) -> Result<String, String> {
        let options = self.section(section).unwrap_or_default();
        let mut out = String::new();
        interpolate(&options, key, 1, &mut out)?;
        Ok(out)
    }
}

fn interpolate(options: &HashMap<&str, &str>, key: &str, depth: usize, out: &mut String) -> Result<(), String> {
    const MAX_DEPTH: usize = 10;
    if depth > MAX_DEPTH {
        return Err(format!("key {key:?}: interpolation nested too deeply"));
    }
    let raw = options
        .get(key)
        .ok_or_else(|| format!("a %({key})s reference to a missing key"))?;
    let mut rest: &str = raw;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('%') {
            out.push('%');
            rest = after;
        } else if let Some(after) = rest.strip_prefix('(') {
            let Some(end) = after.find(")s") else {
                return Err(format!(
                    "key {key:?}: bad interpolation syntax ('%' must be written '%%')"
                ));
            };
            let name = after[..end].to_lowercase();
            interpolate(options, &name, depth + 1, out)?;
            rest = &after[end + 2..];
        } else {
            return Err(format!("key {key:?}: '%' must be written '%%'"));
        }
    }
    out.push_str(rest);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join("credentials");
        std::fs::write(&path, text).unwrap();
        path
    }

    fn tempdir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("bss-profile-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn aksk(c: Credentials) -> (String, String, Option<String>, Option<String>) {
        match c {
            Credentials::AkSk {
                access_key,
                secret_key,
                security_token,
                domain_id,
            } => (
                access_key,
                secret_key.expose().to_string(),
                security_token.map(|t| t.expose().to_string()),
                domain_id,
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reads_the_global_section_like_configparser() {
        let dir = tempdir("global");
        let path = write(
            &dir,
            "# comment\n[basic]\nak = BASICAK\nsk = basic-sk\n\n[DEFAULT]\ndomain_id = dom-default\n\n\
             [global]\n  AK : GLOBALAK\nsk=sk%%with%%percent\n; another comment\nSecurity_Token = tok-%(ak)s\n",
        );
        let (ak, sk, token, domain) = aksk(ProfileProvider::with_path(&path).load().unwrap());
        assert_eq!(ak, "GLOBALAK");
        assert_eq!(sk, "sk%with%percent");
        assert_eq!(token.as_deref(), Some("tok-GLOBALAK"));
        assert_eq!(
            domain.as_deref(),
            Some("dom-default"),
            "[DEFAULT] values apply to every section"
        );
    }

    #[test]
    fn absent_file_section_or_keys_mean_not_here() {
        let dir = tempdir("absent");
        let missing = ProfileProvider::with_path(dir.join("nope")).load().unwrap_err();
        assert!(missing.is_not_configured(), "{missing}");
        let path = write(&dir, "[basic]\nak = A\nsk = S\n");
        let no_section = ProfileProvider::with_path(&path).load().unwrap_err();
        assert!(no_section.is_not_configured() && no_section.to_string().contains("[global]"));
        let path = write(&dir, "[global]\nak = A\nsk =\n");
        let no_sk = ProfileProvider::with_path(&path).load().unwrap_err();
        assert!(no_sk.is_not_configured(), "{no_sk}");
    }

    #[test]
    fn a_broken_file_is_an_error_that_shows_no_value() {
        let dir = tempdir("broken");
        for (text, why) in [
            ("ak = A\n[global]\n", "before any [section]"),
            ("[global]\nak = A\nak = B\nsk = S\n", "appears twice"),
            ("[global]\nak = A\nsk = secret%value\n", "'%' must be written '%%'"),
            ("[global]\nak A\n", "expected key = value"),
            ("[global]\n[global]\n", "appears twice"),
        ] {
            let path = write(&dir, text);
            let err = ProfileProvider::with_path(&path).load().unwrap_err();
            assert!(!err.is_not_configured(), "{text:?}: {err}");
            let shown = format!("{err} {err:?}");
            assert!(shown.contains(why), "{text:?}: {shown}");
            assert!(!shown.contains("secret%value"), "{shown}");
        }
    }

    #[test]
    fn continuation_lines_join_with_newlines() {
        let ini = Ini::parse("[global]\nak = first\n  second\n\n  third\nsk = s\n").unwrap();
        assert_eq!(ini.value("global", "ak").unwrap(), "first\nsecond\n\nthird");
    }

    #[test]
    fn the_path_comes_from_the_variable_then_home() {
        let p = default_path(|k| match k {
            ENV_CREDENTIALS_FILE => Some("/etc/hw/creds".into()),
            "HOME" | "USERPROFILE" => Some("/home/u".into()),
            _ => None,
        });
        assert_eq!(p, Some(PathBuf::from("/etc/hw/creds")));
        let p = default_path(|k| matches!(k, "HOME" | "USERPROFILE").then(|| "/home/u".to_string()));
        assert_eq!(p, Some(Path::new("/home/u").join(".huaweicloud").join("credentials")));
        assert_eq!(default_path(|_| None), None);
    }

    #[test]
    fn federation_is_refused() {
        let dir = tempdir("idp");
        let path = write(&dir, "[global]\nidp_id = x\nid_token_file = /t\nak = A\nsk = S\n");
        let err = ProfileProvider::with_path(&path).load().unwrap_err();
        assert!(matches!(err, CredentialsError::Unsupported(_)), "{err}");
    }
}
