//! Where to send requests: `{protocol}://{host}[:{port}]`, from the account or the overrides.

use std::net::Ipv6Addr;

use super::ConnectionConfig;
use crate::AuthError;

impl ConnectionConfig {
    /// The base URL of every request, without a trailing `/`.
    ///
    /// `protocol` defaults to `https`, `host` to `<account>.snowflakecomputing.com`, and the
    /// port is written only when it is not the protocol's default.
    ///
    /// ```
    /// use snowapi_auth::ConnectionConfig;
    /// let cloud = ConnectionConfig::builder().account("org-account").user("u").password("p").build()?;
    /// assert_eq!(cloud.base_url()?, "https://org-account.snowflakecomputing.com");
    ///
    /// let emulator = ConnectionConfig::builder()
    ///     .account("test").user("u").password("p")
    ///     .protocol("http").host("127.0.0.1").port(8080)
    ///     .build()?;
    /// assert_eq!(emulator.base_url()?, "http://127.0.0.1:8080");
    /// # Ok::<(), snowapi_auth::AuthError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`AuthError::UnsetAccount`] / [`AuthError::InvalidAccount`] when the host is derived
    /// from a missing or malformed account; [`AuthError::InvalidConfigValue`] for a protocol
    /// other than `http`/`https` or a malformed host.
    pub fn base_url(&self) -> Result<String, AuthError> {
        let protocol = self.protocol_or_default()?;
        let host = match &self.host {
            Some(host) => checked_host(host)?,
            None => self.account_identifier()?.default_host(),
        };
        let default_port = if protocol == "http" { 80 } else { 443 };
        Ok(match self.port {
            Some(port) if port != default_port => format!("{protocol}://{host}:{port}"),
            _ => format!("{protocol}://{host}"),
        })
    }

    /// `protocol`, lower-cased, or `https` when unset.
    pub(crate) fn protocol_or_default(&self) -> Result<&'static str, AuthError> {
        match self.protocol.as_deref().map(str::trim) {
            None => Ok("https"),
            Some(protocol) if protocol.eq_ignore_ascii_case("https") => Ok("https"),
            Some(protocol) if protocol.eq_ignore_ascii_case("http") => Ok("http"),
            Some(_) => Err(AuthError::InvalidConfigValue {
                key: "protocol",
                origin: "the connection configuration".to_owned(),
                expected: "`https` or `http`",
            }),
        }
    }
}

/// The host as it goes in a URL: a domain (lower-cased) or an IP address (IPv6 in brackets).
pub(crate) fn checked_host(host: &str) -> Result<String, AuthError> {
    let invalid = || AuthError::InvalidConfigValue {
        key: "host",
        origin: "the connection configuration".to_owned(),
        expected: "a host name or IP address, without protocol, port or path \
                   (set `protocol` and `port` separately)",
    };
    let host = host.trim();
    let bracketed;
    let host = if host.parse::<Ipv6Addr>().is_ok() {
        bracketed = format!("[{host}]");
        bracketed.as_str()
    } else {
        host
    };
    if host.is_empty() || host.contains(['/', '@', '?', '#']) {
        return Err(invalid());
    }
    url::Host::parse(host)
        .map(|parsed| parsed.to_string())
        .map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(
        account: Option<&str>,
        host: Option<&str>,
        port: Option<u16>,
        protocol: Option<&str>,
    ) -> ConnectionConfig {
        ConnectionConfig {
            account: account.map(str::to_owned),
            host: host.map(str::to_owned),
            port,
            protocol: protocol.map(str::to_owned),
            ..ConnectionConfig::default()
        }
    }

    #[test]
    fn base_url_from_account_and_overrides() {
        let cases = [
            (
                config(Some("org-account"), None, None, None),
                "https://org-account.snowflakecomputing.com",
            ),
            (
                config(Some("xy12345.us-east-2.aws"), None, None, None),
                "https://xy12345.us-east-2.aws.snowflakecomputing.com",
            ),
            (
                config(Some("org-account"), None, Some(443), Some("HTTPS")),
                "https://org-account.snowflakecomputing.com",
            ),
            (
                config(Some("org-account"), None, Some(8443), None),
                "https://org-account.snowflakecomputing.com:8443",
            ),
            (
                config(Some("test"), Some("127.0.0.1"), Some(8080), Some("http")),
                "http://127.0.0.1:8080",
            ),
            (
                config(None, Some("localhost"), Some(80), Some("http")),
                "http://localhost",
            ),
            (
                config(None, Some("::1"), Some(8080), Some("http")),
                "http://[::1]:8080",
            ),
            (config(None, Some("[::1]"), None, None), "https://[::1]"),
            (
                config(
                    Some("a"),
                    Some("Org-Acct.Privatelink.SnowflakeComputing.com"),
                    None,
                    None,
                ),
                "https://org-acct.privatelink.snowflakecomputing.com",
            ),
        ];
        for (config, expected) in cases {
            assert_eq!(config.base_url().unwrap(), expected);
        }
    }

    #[test]
    fn base_url_errors() {
        assert!(matches!(
            config(None, None, None, None).base_url(),
            Err(AuthError::UnsetAccount)
        ));
        let error = config(Some("a"), None, None, Some("ftp"))
            .base_url()
            .unwrap_err();
        assert!(matches!(
            error,
            AuthError::InvalidConfigValue {
                key: "protocol",
                ..
            }
        ));
        for host in ["http://127.0.0.1", "127.0.0.1:8080", "", "a b", "host/path"] {
            let error = config(Some("a"), Some(host), None, None)
                .base_url()
                .unwrap_err();
            assert!(
                matches!(error, AuthError::InvalidConfigValue { key: "host", .. }),
                "{host:?}"
            );
        }
    }
}
