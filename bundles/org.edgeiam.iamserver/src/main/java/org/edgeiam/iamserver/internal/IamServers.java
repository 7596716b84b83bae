package org.edgeiam.iamserver.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.util.tls.CaCertificates;
import org.edgeiam.util.tls.ReloadingKeyManager;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.util.MutableHandlerRegistry;

/**
 * Runs the public and the protected gRPC server. Services are {@link GrpcService} components
 * that come and go at run time: each is added to (and removed from) a mutable handler registry
 * per server, so a backend bundle that stops or is updated never restarts the servers or drops
 * their connections. In normal mode both use TLS with the current certificate of the
 * {@code cert.storage} type, reloaded on renewal without a restart; the protected server
 * requires client certificates chained to {@code ca.cert}.
 */
@Component(service = IamServers.class, configurationPid = ServerConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = ServerConfig.class)
public class IamServers {
    private static final Logger LOG = LoggerFactory.getLogger(IamServers.class);

    private final MutableHandlerRegistry publicRegistry = new MutableHandlerRegistry();
    private final MutableHandlerRegistry protectedRegistry = new MutableHandlerRegistry();
    private final Map<GrpcService, ServerServiceDefinition> services = new ConcurrentHashMap<>();
    private final ReloadingKeyManager keys = new ReloadingKeyManager();
    private final ServerConfig config;
    private final Server publicServer;
    private final Server protectedServer;
    private volatile CertHandler certHandler;
    private Subscription certSubscription;

    /**
     * Starts both servers.
     *
     * @param config listen addresses and mode
     * @throws IamException if an address is invalid or a port cannot be bound
     */
    @Activate
    public IamServers(ServerConfig config) throws IamException {
        this.config = config;
        InetSocketAddress publicAddress = ServerAddress.parse("public.url", config.public_url());
        InetSocketAddress protectedAddress = ServerAddress.parse("protected.url", config.protected_url());
        SslContext publicTls = null;
        SslContext protectedTls = null;
        if (!config.provisioning()) {
            X509Certificate[] ca = CaCertificates.read("ca.cert", config.ca_cert());
            publicTls = TlsContexts.server(keys);
            protectedTls = TlsContexts.mutual(keys, ca, this::currentCertHandler);
        }
        String mode = config.provisioning() ? "plaintext, provisioning mode" : "TLS with the " + config.cert_storage()
                + " certificate";
        LOG.info("starting gRPC servers ({})…", mode);
        this.publicServer = start(GrpcService.PUBLIC, publicAddress, publicRegistry, publicTls, mode);
        try {
            this.protectedServer = start(GrpcService.PROTECTED, protectedAddress, protectedRegistry, protectedTls,
                    protectedTls == null ? mode : mode + ", client certificates from " + config.ca_cert());
        } catch (IamException e) {
            stop(publicServer);
            throw e;
        }
    }

    private Server start(String name, InetSocketAddress address, MutableHandlerRegistry registry, SslContext tls,
            String mode) throws IamException {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
                .fallbackHandlerRegistry(registry)
                .intercept(ServerKind.interceptor(name))
                .maxInboundMessageSize(config.max_message_size())
                // AosEdge clients ping every 10 s, also without calls (aos-iam-v6.md §1.3)
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true);
        if (tls != null) {
            builder.sslContext(tls);
        }
        Server server = builder.build();
        try {
            server.start();
        } catch (IOException e) {
            throw new IamException(org.edgeiam.api.ErrorCode.RUNTIME,
                    "cannot start the " + name + " gRPC server on " + address + ": " + e.getMessage(), e);
        }
        LOG.info("{} gRPC server listening on {} ({})", name, server.getListenSockets(), mode);
        return server;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    synchronized void bindCertHandler(CertHandler handler) {
        if (config.provisioning()) {
            return;
        }
        certHandler = handler;
        try {
            certSubscription = handler.subscribeCertChanged(config.cert_storage(), cert -> reloadKey());
        } catch (IamException e) {
            LOG.error("cannot follow the {} certificate: {}", config.cert_storage(), e.getMessage());
        }
        reloadKey();
    }

    synchronized void unbindCertHandler(CertHandler handler) {
        if (certHandler == handler) {
            if (certSubscription != null) {
                certSubscription.close();
                certSubscription = null;
            }
            certHandler = null;
        }
    }

    private CertHandler currentCertHandler() {
        return certHandler;
    }

    private synchronized void reloadKey() {
        CertHandler handler = certHandler;
        if (handler == null) {
            return;
        }
        try {
            keys.set(handler.currentTlsKey(config.cert_storage()));
            LOG.info("servers present the current {} certificate", config.cert_storage());
        } catch (IamException e) {
            if (e.code() == org.edgeiam.api.ErrorCode.NOT_FOUND && !handler.certTypes().contains(config.cert_storage())) {
                LOG.info("waiting for cert type {} to be configured: TLS handshakes fail until its certificate is"
                        + " loaded", config.cert_storage());
                return;
            }
            LOG.warn("no {} certificate for the servers ({}): TLS handshakes fail until one is applied",
                    config.cert_storage(), e.getMessage());
        }
    }

    /** @return the port the public server listens on */
    public int publicPort() {
        return ((InetSocketAddress) publicServer.getListenSockets().get(0)).getPort();
    }

    /** @return the port the protected server listens on */
    public int protectedPort() {
        return ((InetSocketAddress) protectedServer.getListenSockets().get(0)).getPort();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addService(GrpcService service, Map<String, Object> props) {
        ServerServiceDefinition definition = service.definition();
        services.put(service, definition);
        for (String server : servers(props)) {
            registry(server).addService(definition);
        }
        LOG.debug("serving {} on {}", definition.getServiceDescriptor().getName(), String.join(",", servers(props)));
    }

    void removeService(GrpcService service, Map<String, Object> props) {
        ServerServiceDefinition definition = services.remove(service);
        if (definition == null) {
            return;
        }
        publicRegistry.removeService(definition);
        protectedRegistry.removeService(definition);
        LOG.debug("no longer serving {}", definition.getServiceDescriptor().getName());
    }

    private MutableHandlerRegistry registry(String server) {
        return GrpcService.PUBLIC.equals(server) ? publicRegistry : protectedRegistry;
    }

    private static String[] servers(Map<String, Object> props) {
        Object value = props.get(GrpcService.SERVERS);
        if (value instanceof String[]) {
            return (String[]) value;
        }
        return value == null ? new String[0] : new String[] {value.toString()};
    }

    @Deactivate
    void deactivate() {
        LOG.info("stopping gRPC servers…");
        stop(publicServer);
        stop(protectedServer);
        LOG.info("gRPC servers stopped");
    }

    private static void stop(Server server) {
        server.shutdown();
        try {
            if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
