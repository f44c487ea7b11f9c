public enum AuditpackVersion { public static let current = "0.1.0" }
