//! The URL a person opens to look at one query.

/// The page of `query_id`: Snowsight's query history for a Snowflake account, the monitoring
/// URL of the statement for any other server (the emulator).
pub(crate) fn query_link(base_url: &str, account: &str, query_id: &str) -> String {
    let host = reqwest::Url::parse(base_url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_ascii_lowercase));
    if !host.is_some_and(|h| h.ends_with(".snowflakecomputing.com")) {
        return format!(
            "{}/monitoring/queries/{query_id}",
            base_url.trim_end_matches('/')
        );
    }
    let account = account.trim().to_ascii_lowercase();
    // Snowsight names an account `<org>/<account>`, or `<region>/<locator>` for the legacy
    // `locator.region` identifiers.
    let path = if let Some((locator, region)) = account.split_once('.') {
        format!("{region}/{locator}")
    } else if let Some((org, name)) = account.split_once('-') {
        format!("{org}/{name}")
    } else {
        account
    };
    format!("https://app.snowflake.com/{path}/#/compute/history/queries/{query_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snowsight_for_snowflake_and_monitoring_elsewhere() {
        assert_eq!(
            query_link(
                "https://myorg-myaccount.snowflakecomputing.com",
                "MyOrg-MyAccount",
                "01b2"
            ),
            "https://app.snowflake.com/myorg/myaccount/#/compute/history/queries/01b2"
        );
        assert_eq!(
            query_link(
                "https://xy12345.us-east-2.aws.snowflakecomputing.com",
                "xy12345.us-east-2.aws",
                "01b2"
            ),
            "https://app.snowflake.com/us-east-2.aws/xy12345/#/compute/history/queries/01b2"
        );
        assert_eq!(
            query_link("http://127.0.0.1:8080/", "SNOWAPI", "q"),
            "http://127.0.0.1:8080/monitoring/queries/q"
        );
    }
}
