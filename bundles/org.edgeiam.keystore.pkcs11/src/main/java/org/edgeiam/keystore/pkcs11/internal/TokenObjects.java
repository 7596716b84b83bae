package org.edgeiam.keystore.pkcs11.internal;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ISSUER;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_SUBJECT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_CERTIFICATE;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Integer;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * Finding, reading, creating and destroying token objects on a session. Certificates are token
 * objects of class {@code CKO_CERTIFICATE}/{@code CKC_X_509} with {@code CKA_SUBJECT},
 * {@code CKA_ISSUER}, {@code CKA_SERIAL_NUMBER} (the DER INTEGER) and {@code CKA_VALUE} set, so
 * that other PKCS#11 software (and AosEdge) finds them. The searches by class look at token
 * objects only ({@code CKA_TOKEN} true): the session objects of the process, pending keys among
 * them, are never listed, cleared or removed through them.
 */
final class TokenObjects {
    /** What is known about one object. */
    record Item(long handle, long objectClass, byte[] id, String label) {
    }

    private TokenObjects() {
    }

    /** @return the token objects of a class (and a label, if not null) */
    static List<Item> find(Session session, long objectClass, String label) throws PKCS11Exception {
        AttributeVector template = new AttributeVector().class_(objectClass).token(true);
        if (label != null) {
            template.label(label);
        }
        List<Item> items = new ArrayList<>();
        for (long handle : session.findAllObjectsSingle(template)) {
            AttributeVector attrs = session.getAttrValues(handle, CKA_ID, CKA_LABEL);
            items.add(new Item(handle, objectClass, attrs.id() == null ? new byte[0] : attrs.id(),
                    attrs.label() == null ? "" : attrs.label()));
        }
        return items;
    }

    /** @return handles of the token objects of a class with an id and label */
    static long[] find(Session session, long objectClass, byte[] id, String label) throws PKCS11Exception {
        return session.findAllObjectsSingle(new AttributeVector().class_(objectClass).token(true).id(id).label(label));
    }

    /** @return handles of the certificates with this subject (DER), any label */
    static long[] certificatesBySubject(Session session, byte[] subject) throws PKCS11Exception {
        return session.findAllObjectsSingle(new AttributeVector().class_(CKO_CERTIFICATE).subject(subject));
    }

    /** @return whether a certificate with this issuer and serial number is on the token */
    static boolean hasCertificate(Session session, X509Certificate cert) throws PKCS11Exception {
        AttributeVector template = new AttributeVector().class_(CKO_CERTIFICATE)
                .issuer(cert.getIssuerX500Principal().getEncoded()).serialNumber(serial(cert.getSerialNumber()));
        return session.findObjectsSingle(template, 1).length > 0;
    }

    /** Creates a certificate token object. */
    static long createCertificate(Session session, X509Certificate cert, byte[] id, String label)
            throws PKCS11Exception {
        byte[] der;
        try {
            der = cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate " + cert.getSubjectX500Principal() + " cannot be encoded", e);
        }
        AttributeVector template = AttributeVector.newX509Certificate().token(true).private_(false).id(id)
                .label(label).subject(cert.getSubjectX500Principal().getEncoded())
                .issuer(cert.getIssuerX500Principal().getEncoded()).serialNumber(serial(cert.getSerialNumber()))
                .value(der);
        return session.createObject(template);
    }

    /** @return the parsed certificate of a certificate object, or empty if it does not parse */
    static Optional<X509Certificate> certificate(Session session, long handle) throws PKCS11Exception {
        byte[] der = session.getAttrValues(handle, CKA_VALUE).value();
        if (der == null) {
            return Optional.empty();
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return Optional.of((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        } catch (CertificateException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** @return CKA_SUBJECT and CKA_ISSUER of a certificate object */
    static byte[][] subjectAndIssuer(Session session, long handle) throws PKCS11Exception {
        AttributeVector attrs = session.getAttrValues(handle, CKA_SUBJECT, CKA_ISSUER);
        return new byte[][] {attrs.subject() == null ? new byte[0] : attrs.subject(),
            attrs.issuer() == null ? new byte[0] : attrs.issuer()};
    }

    static void relabel(Session session, long handle, String label) throws PKCS11Exception {
        session.setAttributeValues(handle, new AttributeVector().label(label));
    }

    /** Destroys objects; the count of those destroyed. */
    static int destroy(Session session, long... handles) throws PKCS11Exception {
        for (long handle : handles) {
            session.destroyObject(handle);
        }
        return handles.length;
    }

    private static byte[] serial(BigInteger serial) {
        try {
            return new ASN1Integer(serial).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an INTEGER failed", e);
        }
    }
}
