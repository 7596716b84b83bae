package org.edgeiam.iamserver.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.edgeiam.api.IamException;
import org.edgeiam.api.Subscription;
import org.edgeiam.api.cert.CertHandler;
import org.edgeiam.grpc.iamanager.IAMVersionServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMCertificateServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMNodesServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPermissionsServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMProvisioningServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCertServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicCurrentNodeServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicIdentityServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicNodesServiceGrpc;
import org.edgeiam.grpc.iamanager.v6.IAMPublicPermissionsServiceGrpc;
import org.edgeiam.util.tls.CaCertificates;
import org.edgeiam.util.tls.ReloadingKeyManager;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.grpc.HandlerRegistry;
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

    /** Services every public server has (as AosEdge registers them). */
    static final Set<String> PUBLIC_SERVICES = Set.of(IAMVersionServiceGrpc.SERVICE_NAME,
            IAMPublicCurrentNodeServiceGrpc.SERVICE_NAME, IAMPublicCertServiceGrpc.SERVICE_NAME,
            IAMPublicNodesServiceGrpc.SERVICE_NAME, IAMPublicIdentityServiceGrpc.SERVICE_NAME,
            IAMPublicPermissionsServiceGrpc.SERVICE_NAME);
    /** Services every protected server has. */
    static final Set<String> PROTECTED_SERVICES = Stream.concat(PUBLIC_SERVICES.stream(),
            Stream.of(IAMCertificateServiceGrpc.SERVICE_NAME, IAMProvisioningServiceGrpc.SERVICE_NAME,
                    IAMNodesServiceGrpc.SERVICE_NAME, IAMPermissionsServiceGrpc.SERVICE_NAME))
            .collect(Collectors.toUnmodifiableSet());

    /**
     * Services whose calls may block (key generation, disk writes, hooks, forwarding, an
     * identifier that asks VIS) and run on the workers; RegisterNode (bidirectional) does too.
     */
    static final Set<String> BLOCKING_SERVICES = Set.of(IAMCertificateServiceGrpc.SERVICE_NAME,
            IAMProvisioningServiceGrpc.SERVICE_NAME, IAMNodesServiceGrpc.SERVICE_NAME,
            IAMPermissionsServiceGrpc.SERVICE_NAME, IAMPublicIdentityServiceGrpc.SERVICE_NAME);

    private final MutableHandlerRegistry publicRegistry = new MutableHandlerRegistry();
    private final MutableHandlerRegistry protectedRegistry = new MutableHandlerRegistry();
    private final Map<GrpcService, ServerServiceDefinition> services = new ConcurrentHashMap<>();
    private final ReloadingKeyManager keys = new ReloadingKeyManager();
    private final ServerConfig config;
    private final Readiness readiness;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor registrations = Workers.pool(2, "edgeiam-register-");
    private final Server publicServer;
    private final Server protectedServer;
    private volatile CertHandler certHandler;
    private Subscription certSubscription;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServiceComponentRuntime scr;
    private volatile ReadyCondition readyCondition;

    /**
     * Starts both servers.
     *
     * @param config listen addresses and mode
     * @param context this bundle's context, to see when the framework has started
     * @throws IamException if an address is invalid or a port cannot be bound
     */
    @Activate
    public IamServers(ServerConfig config, BundleContext context) throws IamException {
        this(config, new Readiness(() -> null, IamServers.class.getName(), Math.max(0, config.ready_wait_ms()),
                () -> Readiness.started(context)));
        ReadyCondition condition = new ReadyCondition(context);
        this.readyCondition = condition;
        readiness.whenReady(condition::register);
    }

    /**
     * @param config listen addresses and mode
     * @param readiness when calls may be served (its component runtime is this component's)
     * @throws IamException if an address is invalid or a port cannot be bound
     */
    IamServers(ServerConfig config, Readiness readiness) throws IamException {
        this.config = config;
        this.workers = Workers.pool(Math.max(1, config.worker_threads()));
        Hold.configure(config.backend_wait_ms(), this.workers);
        this.readiness = readiness.withRuntime(() -> scr);
        InetSocketAddress publicAddress = ServerAddress.parse("public.url", config.public_url());
        InetSocketAddress protectedAddress = ServerAddress.parse("protected.url", config.protected_url());
        SslContext publicTls = null;
        SslContext protectedTls = null;
        if (!config.provisioning()) {
            // clients that connect at boot wait for the certificate instead of failing their handshake
            keys.holdUntilFirstKey(Math.max(0, config.ready_wait_ms()), Math.max(0, config.backend_wait_ms()));
            X509Certificate[] ca = CaCertificates.read("ca.cert", config.ca_cert());
            publicTls = TlsContexts.server(keys);
            protectedTls = TlsContexts.mutual(keys, ca, this::currentCertHandler);
        }
        String mode = config.provisioning() ? "plaintext, provisioning mode" : "TLS with the " + config.cert_storage()
                + " certificate";
        LOG.info("starting gRPC servers ({})…", mode);
        try {
            this.publicServer = start(GrpcService.PUBLIC, publicAddress,
                    new ReadyRegistry(publicRegistry, PUBLIC_SERVICES, this.readiness), publicTls, mode,
                    config.public_max_message_size());
        } catch (IamException e) {
            workers.shutdownNow();
            registrations.shutdownNow();
            throw e;
        }
        try {
            this.protectedServer = start(GrpcService.PROTECTED, protectedAddress,
                    new ReadyRegistry(protectedRegistry, PROTECTED_SERVICES, this.readiness), protectedTls,
                    protectedTls == null ? mode : mode + ", client certificates from " + config.ca_cert(),
                    config.max_message_size());
        } catch (IamException e) {
            stop(publicServer);
            workers.shutdownNow();
            registrations.shutdownNow();
            throw e;
        }
        this.readiness.start();
    }

    private Server start(String name, InetSocketAddress address, HandlerRegistry registry, SslContext tls,
            String mode, int maxMessage) throws IamException {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
                .directExecutor()
                .callExecutor(this::executorFor)
                .fallbackHandlerRegistry(registry)
                .intercept(ServerKind.interceptor(name))
                .intercept(new StreamLimit(name, Math.max(1, config.max_streams()),
                        Math.max(1, config.max_streams_per_client())))
                .maxInboundMessageSize(maxMessage)
                .maxConcurrentCallsPerConnection(Math.max(1, config.max_calls_per_connection()))
                .handshakeTimeout(Math.max(1, config.handshake_timeout_s()), TimeUnit.SECONDS)
                .maxConnectionIdle(Math.max(1, config.max_connection_idle_s()), TimeUnit.SECONDS)
                // find dead peers (a RegisterNode stream of a node that lost power)
                .keepAliveTime(60, TimeUnit.SECONDS)
                .keepAliveTimeout(20, TimeUnit.SECONDS)
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

    /**
     * Where a call runs: on the network thread that read it (no hand-off, as a bare gRPC server)
     * when it is answered from memory and the runtime is ready; on the {@link Workers} when it may
     * block or wait (before readiness, every call).
     */
    private <Q, R> java.util.concurrent.Executor executorFor(io.grpc.ServerCall<Q, R> call, io.grpc.Metadata headers) {
        io.grpc.MethodDescriptor<Q, R> method = call.getMethodDescriptor();
        if (method.getType() == io.grpc.MethodDescriptor.MethodType.BIDI_STREAMING) {
            return registrations; // RegisterNode: a node's replies never wait behind the forwards awaiting them
        }
        return !readiness.isReady() || BLOCKING_SERVICES.contains(method.getServiceName()) ? workers : null;
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
        readiness.stop();
        ReadyCondition condition = readyCondition;
        if (condition != null) {
            condition.close();
        }
        stop(publicServer);
        stop(protectedServer);
        workers.shutdownNow();
        registrations.shutdownNow();
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
