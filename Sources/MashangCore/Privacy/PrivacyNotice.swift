/// The notice a requester is shown before giving their name and phone (个人信息处理规则; PIPL arts. 14 and 17: what is
/// collected, why, for how long, who sees it, and their rights). Each wording is a version; the version shown is kept
/// with the request, as the SMS consent's is.
public enum PrivacyNotice {
    public static let current = "2026-12-privacy-1"
    /// Every version ever shown; intake through the API may state any of them.
    public static let versions: Set<String> = [current]
}
