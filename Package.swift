// swift-tools-version: 6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "auditpack",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "auditpack", targets: ["auditpack"]),
        .library(name: "AuditpackCore", targets: ["AuditpackCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // SHA-256 per log line through the system's libcrypto (OpenSSL 3, Debian's libssl-dev):
        // a context on the stack, the CPU's SHA extensions, no allocation per line.
        .target(
            name: "CLineHash",
            linkerSettings: [.linkedLibrary("crypto")]
        ),
        .target(
            name: "AuditpackCore",
            dependencies: [
                "CLineHash",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "auditpack",
            dependencies: [
                "AuditpackCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AuditpackCoreTests",
            dependencies: ["AuditpackCore", "CLineHash", .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
