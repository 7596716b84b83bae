package org.edgeiam.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.security.auth.x500.X500Principal;

import org.apache.felix.service.command.Descriptor;
import org.edgeiam.api.IamException;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.api.cert.CertInfo;
import org.edgeiam.api.cert.CertModuleInfo;
import org.edgeiam.spi.keystore.KeyStorage;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Gogo commands {@code iam:certs} and {@code iam:keystores}. Never shows keys or PINs. */
@Component(service = CertCommands.class, property = {"osgi.command.scope=iam",
        "osgi.command.function=certs", "osgi.command.function=keystores"})
public class CertCommands {
    private final Map<KeyStorage, String> backends = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CertHandler certHandler;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addKeyStorage(KeyStorage storage, Map<String, Object> props) {
        backends.put(storage, String.valueOf(props.get(KeyStorage.PLUGIN)));
    }

    void removeKeyStorage(KeyStorage storage) {
        backends.remove(storage);
    }

    /**
     * @return the certificates of every cert type
     * @throws IamException if the database cannot be read
     */
    @Descriptor("lists the stored certificates of every cert type: serial, issuer, notAfter, URL, days left")
    public String certs() throws IamException {
        CertHandler h = certHandler;
        if (h == null) {
            return "certificate handler is not available (is org.edgeiam.certhandler active?)";
        }
        StringBuilder out = new StringBuilder();
        for (String type : h.certTypes()) {
            out.append(certs(type));
        }
        return out.length() == 0 ? "no cert types configured\n" : out.toString();
    }

    /**
     * @param type a cert type
     * @return its certificates
     * @throws IamException if the type is unknown or the database cannot be read
     */
    @Descriptor("lists the stored certificates of one cert type")
    public String certs(@Descriptor("cert type, e.g. iam") String type) throws IamException {
        CertHandler h = certHandler;
        if (h == null) {
            return "certificate handler is not available (is org.edgeiam.certhandler active?)";
        }
        CertModuleInfo m = h.moduleInfo(type);
        StringBuilder out = new StringBuilder(String.format("%s (%s, %s, max %d%s)%s%n", type, m.plugin(),
                m.algorithm(), m.maxItems(), m.selfSigned() ? ", self-signed" : "",
                m.available() ? (m.owned() ? "" : ": not owned") : ": UNAVAILABLE, " + m.problem()));
        if (!m.available()) {
            return out.toString();
        }
        List<CertInfo> certs = h.getCertificates(type);
        for (CertInfo c : certs) {
            long days = Duration.between(Instant.now(), c.notAfter()).toDays();
            out.append(String.format("  serial %s  issuer %s%n    notAfter %s (%d days left)  %s%n",
                    HexFormat.of().formatHex(c.serial()), new X500Principal(c.issuer()).getName(), c.notAfter(),
                    days, c.certUrl()));
        }
        if (certs.isEmpty()) {
            out.append("  no certificate\n");
        }
        return out.toString();
    }

    /** @return the key storage backends and the cert types using them */
    @Descriptor("lists the key storage backends that are running and the cert types that use each")
    public String keystores() {
        StringBuilder out = new StringBuilder();
        backends.forEach((storage, plugin) -> out.append(plugin).append(": ").append(storage.describe()).append('\n'));
        if (out.length() == 0) {
            out.append("no key storage backend is running\n");
        }
        CertHandler h = certHandler;
        if (h != null) {
            for (String type : h.certTypes()) {
                try {
                    CertModuleInfo m = h.moduleInfo(type);
                    out.append(String.format("  %-10s -> %s%s%n", type, m.plugin(),
                            m.available() ? "" : " (UNAVAILABLE: " + m.problem() + ")"));
                } catch (IamException e) {
                    out.append(String.format("  %-10s -> %s%n", type, e.getMessage()));
                }
            }
        }
        return out.toString();
    }
}
