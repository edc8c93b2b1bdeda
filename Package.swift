// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "mobilize",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mobilize", targets: ["Run"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        .target(name: "MobilizeCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .systemLibrary(name: "CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        .target(name: "VipsShim", dependencies: ["CVips"]),
        .systemLibrary(name: "CTesseract", pkgConfig: "tesseract", providers: [.apt(["libtesseract-dev"])]),
        .target(
            name: "App",
            dependencies: [
                "MobilizeCore",
                "CQRencode",
                "VipsShim",
                "CTesseract",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            // The API contract and the everyday vocabulary are part of the binary: a server
            // started in any folder has them.
            resources: [.embedInCode("Resources/openapi.yaml"), .embedInCode("Resources/vocabulary.json")]
        ),
        // The demo family and the benchmarks' commands: part of the one executable, kept out of
        // the server's module.
        .target(
            name: "MobilizeTools",
            dependencies: [
                "App",
                "MobilizeCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
            ]
        ),
        .executableTarget(
            name: "Run",
            dependencies: [.target(name: "App"), .target(name: "MobilizeTools")]
        ),
        .testTarget(
            name: "MobilizeCoreTests",
            dependencies: ["MobilizeCore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "AppTests",
            dependencies: [
                .target(name: "App"),
                .target(name: "MobilizeTools"),
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
