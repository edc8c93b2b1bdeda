import MobilizeCore
import Testing

@Suite struct PictureSourcesTests {
    @Test func onlyPublicAddressesAreFetched() {
        for address in [
            "127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
            "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "192.0.2.7", "198.18.0.1",
            "::1", "::", "[::1]", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
            "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "2001:db8::1", "::127.0.0.1",
        ] {
            #expect(!PublicAddress.isPublic(address), "\(address) is not public")
        }
        for address in [
            "93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "[2a00:1450:4001::200e]",
            "::ffff:93.184.216.34", "2002:5db8:d822::1",
        ] {
            #expect(PublicAddress.isPublic(address), "\(address) is public")
        }
        for nonsense in ["", "localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01234.1.1.1", "1::2::3", "fe80::1%eth0", "12345::"] {
            #expect(PublicAddress.parse(nonsense) == nil || !PublicAddress.isPublic(nonsense), "\(nonsense)")
        }
        #expect(PublicAddress.parse("::ffff:1.2.3.4") == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4])
        #expect(PublicAddress.parse("2001:db8::8:1")?.count == 16)
    }

    @Test func onlyOpenLicencesAreOffered() {
        #expect(OpenLicence(openverse: "by-sa") == .bySA)
        #expect(OpenLicence(openverse: "CC0") == .cc0)
        #expect(OpenLicence(openverse: "by-nc") == nil)
        #expect(OpenLicence(openverse: "by-nd") == nil)
        #expect(OpenLicence.commons("CC BY-SA 4.0")! == (.bySA, "4.0"))
        #expect(OpenLicence.commons("CC BY 2.0")! == (.by, "2.0"))
        #expect(OpenLicence.commons("CC BY-SA 3.0 de")! == (.bySA, "3.0 DE"))
        #expect(OpenLicence.commons("CC0")! == (.cc0, nil))
        #expect(OpenLicence.commons("Public domain")! == (.pdm, nil))
        for closed in ["CC BY-NC 2.0", "CC BY-NC-SA 4.0", "CC BY-ND 3.0", "GFDL", "All rights reserved", "", "CC BY-SA 4.0 extra words"] {
            #expect(OpenLicence.commons(closed) == nil, "\(closed)")
        }
        #expect(OpenLicence.bySA.name(version: "2.0") == "CC BY-SA 2.0")
    }
}
