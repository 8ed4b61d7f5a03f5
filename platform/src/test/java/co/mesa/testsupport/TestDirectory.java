package co.mesa.testsupport;

import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.BasicAttribute;
import javax.naming.directory.BasicAttributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.ModificationItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenLDAP {@code slapd} (Debian's package) for directory federation tests: started once per run on a
 * free loopback port with its own config and database under {@code target/}, never the system daemon. It holds
 * an AD-like tree per entity ({@code ou=<entity>}: {@code ou=Usuarios} of inetOrgPerson with {@code uid}, and
 * {@code ou=Grupos} of groupOfNames); who is active is {@code employeeType=activo}. Test-only credentials.
 */
public final class TestDirectory {

    public static final String SUFFIX = "dc=mesa,dc=test";
    public static final String ROOT_DN = "cn=admin," + SUFFIX;
    /** The bind password, test-only; tenant data names it by the secret {@link #BIND_SECRET}. */
    public static final String ROOT_PASSWORD = "test-only-ldap-bind-password";
    public static final String BIND_SECRET = "MESA_TEST_ONLY_LDAP_BIND_PASSWORD";
    /** Who the test directories treat as active. */
    public static final String ACTIVE_FILTER = "(employeeType=activo)";
    /** Every directory user's password (test-only). */
    public static final String USER_PASSWORD = TestRealms.PASSWORD;

    private static TestDirectory instance;

    private final int port;
    private final Process process;

    private TestDirectory(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** Where tenant data's secrets are read from in tests ({@code mesa.secrets.dir}); holds the bind password. */
    public static Path secretsDir() {
        Path dir = Path.of("target", "test-secrets").toAbsolutePath();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(BIND_SECRET), ROOT_PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Where the run's Keycloak reads keytabs ({@code mesa.identity.keytab-dir}). */
    public static Path keytabDir() {
        Path dir = Path.of("target", "test-keytabs").toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    public static synchronized TestDirectory get() {
        FastTests.refuse("slapd");
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    public static String usersDn(String entity) {
        return "ou=Usuarios,ou=" + entity + "," + SUFFIX;
    }

    public static String groupsDn(String entity) {
        return "ou=Grupos,ou=" + entity + "," + SUFFIX;
    }

    /** The {@code directory:} block of tenant.yaml for an entity's tree in this server. */
    public String tenantBlock(String entity, String groupMappings) {
        return "  directory:\n"
                + "    enabled: true\n"
                + "    vendor: other\n"
                + "    connectionUrl: \"" + url() + "\"\n"
                + "    usersDn: \"" + usersDn(entity) + "\"\n"
                + "    bindDn: \"" + ROOT_DN + "\"\n"
                + "    bindCredentialSecret: " + BIND_SECRET + "\n"
                + "    usernameAttribute: uid\n"
                + "    editMode: READ_ONLY\n"
                + "    groupsDn: \"" + groupsDn(entity) + "\"\n"
                + "    attributes: {firstName: givenName, lastName: sn, email: mail, jobTitle: title}\n"
                + "    activeUsersFilter: \"" + ACTIVE_FILTER + "\"\n"
                + "    sync: {fullPeriod: PT24H, changedPeriod: PT24H}\n"
                + groupMappings;
    }

    /** An entity's subtree with its two OUs (once). */
    public void ensureEntity(String entity) {
        String base = "ou=" + entity + "," + SUFFIX;
        if (!exists(base)) {
            create(base, attrs("objectClass", "organizationalUnit", "ou", entity));
            create("ou=Usuarios," + base, attrs("objectClass", "organizationalUnit", "ou", "Usuarios"));
            create("ou=Grupos," + base, attrs("objectClass", "organizationalUnit", "ou", "Grupos"));
        }
    }

    /** A person in the entity's tree, active or not, with {@link #USER_PASSWORD}. */
    public void addUser(String entity, String uid, String given, String family, boolean active) {
        BasicAttributes a = attrs("uid", uid, "cn", given + " " + family, "givenName", given, "sn", family,
                "mail", uid + "@" + entity + ".example.invalid", "title", "Profesional",
                "employeeType", active ? "activo" : "inactivo", "userPassword", USER_PASSWORD,
                "krb5PrincipalName", uid + "@" + TestKdc.REALM);
        Attribute oc = new BasicAttribute("objectClass");
        List.of("top", "person", "organizationalPerson", "inetOrgPerson", "krb5Principal").forEach(oc::add);
        a.put(oc);
        create("uid=" + uid + "," + usersDn(entity), a);
    }

    public void setActive(String entity, String uid, boolean active) {
        modify("uid=" + uid + "," + usersDn(entity), DirContext.REPLACE_ATTRIBUTE, "employeeType", active ? "activo" : "inactivo");
    }

    /** A group of names with these members (uids). */
    public void addGroup(String entity, String cn, List<String> members) {
        BasicAttributes a = attrs("objectClass", "groupOfNames", "cn", cn);
        Attribute member = new BasicAttribute("member");
        members.forEach(m -> member.add("uid=" + m + "," + usersDn(entity)));
        a.put(member);
        create("cn=" + cn + "," + groupsDn(entity), a);
    }

    public void addMember(String entity, String group, String uid) {
        modify("cn=" + group + "," + groupsDn(entity), DirContext.ADD_ATTRIBUTE, "member", "uid=" + uid + "," + usersDn(entity));
    }

    public void removeMember(String entity, String group, String uid) {
        modify("cn=" + group + "," + groupsDn(entity), DirContext.REMOVE_ATTRIBUTE, "member", "uid=" + uid + "," + usersDn(entity));
    }

    // ------------------------------------------------------------------ LDAP writes (JNDI, as the root DN)

    private DirContext connect() throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url());
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, ROOT_DN);
        env.put(Context.SECURITY_CREDENTIALS, ROOT_PASSWORD);
        env.put("com.sun.jndi.ldap.connect.timeout", "30000");
        return new InitialDirContext(env);
    }

    private boolean exists(String dn) {
        try {
            DirContext ctx = connect();
            try {
                ctx.getAttributes(dn, new String[]{"objectClass"});
                return true;
            } finally {
                ctx.close();
            }
        } catch (javax.naming.NameNotFoundException e) {
            return false;
        } catch (NamingException e) {
            throw new IllegalStateException("slapd at " + url() + ": " + e, e);
        }
    }

    private void create(String dn, BasicAttributes attributes) {
        try {
            DirContext ctx = connect();
            try {
                ctx.createSubcontext(dn, attributes).close();
            } finally {
                ctx.close();
            }
        } catch (NamingException e) {
            throw new IllegalStateException("cannot add " + dn + ": " + e, e);
        }
    }

    private void modify(String dn, int op, String attribute, String value) {
        try {
            DirContext ctx = connect();
            try {
                ctx.modifyAttributes(dn, new ModificationItem[]{new ModificationItem(op, new BasicAttribute(attribute, value))});
            } finally {
                ctx.close();
            }
        } catch (NamingException e) {
            throw new IllegalStateException("cannot change " + attribute + " of " + dn + ": " + e, e);
        }
    }

    private static BasicAttributes attrs(String... pairs) {
        BasicAttributes a = new BasicAttributes(true);
        for (int i = 0; i < pairs.length; i += 2) {
            a.put(pairs[i], pairs[i + 1]);
        }
        return a;
    }

    // ------------------------------------------------------------------ the server

    static Path slapd() {
        for (String candidate : List.of("/usr/sbin/slapd", "/usr/local/sbin/slapd")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("slapd is not installed: `apt-get install slapd ldap-utils` (.ci/run installs it; "
                + "see shared/STACK.md)");
    }

    private static TestDirectory start() {
        Path slapd = slapd();
        Path dir = Path.of("target", "slapd-test").toAbsolutePath();
        LocalProcesses.deleteTree(dir);
        int port = LocalProcesses.freePort("127.0.0.1");
        Path log = dir.resolve("slapd.log");
        try {
            Files.createDirectories(dir.resolve("data"));
            String conf = String.join("\n",
                    "include /etc/ldap/schema/core.schema",
                    "include /etc/ldap/schema/cosine.schema",
                    "include /etc/ldap/schema/inetorgperson.schema",
                    "include /etc/ldap/schema/nis.schema",
                    "include " + dir.resolve("krb5-principal.schema"),
                    "pidfile " + dir.resolve("slapd.pid"),
                    "argsfile " + dir.resolve("slapd.args"),
                    "modulepath /usr/lib/ldap",
                    "moduleload back_mdb",
                    "database mdb",
                    "maxsize 104857600",
                    "suffix \"" + SUFFIX + "\"",
                    "rootdn \"" + ROOT_DN + "\"",
                    "rootpw " + ROOT_PASSWORD,
                    "directory " + dir.resolve("data"),
                    "index objectClass eq",
                    "index uid eq",
                    "") + "\n";
            // The attribute Keycloak finds a Kerberos principal's person by in a non-AD directory (its
            // default krb5PrincipalName, with the OIDs of the krb5 LDAP schema); AD has userPrincipalName.
            Files.writeString(dir.resolve("krb5-principal.schema"), String.join("\n",
                    "attributetype ( 1.3.6.1.4.1.5322.10.1.1 NAME 'krb5PrincipalName'",
                    "  DESC 'The unparsed Kerberos principal name' EQUALITY caseExactIA5Match SINGLE-VALUE",
                    "  SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 )",
                    "objectclass ( 1.3.6.1.4.1.5322.10.2.1 NAME 'krb5Principal' SUP top AUXILIARY",
                    "  MUST ( krb5PrincipalName ) )",
                    ""));
            Files.writeString(dir.resolve("slapd.conf"), conf);
            Files.writeString(dir.resolve("base.ldif"), "dn: " + SUFFIX + "\nobjectClass: dcObject\nobjectClass: organization\n"
                    + "dc: mesa\no: Mesa test directory\n");
            Process add = new ProcessBuilder(slapd.resolveSibling("slapadd").toString(), "-f", dir.resolve("slapd.conf").toString(),
                    "-l", dir.resolve("base.ldif").toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!add.waitFor(120, TimeUnit.SECONDS) || add.exitValue() != 0) {
                throw new IllegalStateException("slapadd failed: " + LocalProcesses.tail(log, 20));
            }
            Path runLog = dir.resolve("slapd-run.log");
            // -d 0: stay in the foreground (the test JVM owns the process); -h: loopback only.
            Process p = new ProcessBuilder(slapd.toString(), "-f", dir.resolve("slapd.conf").toString(),
                    "-h", "ldap://127.0.0.1:" + port + "/", "-d", "0")
                    .redirectErrorStream(true).redirectOutput(runLog.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "slapd-stop"));
            Eventually.until("slapd answering on port " + port, () -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("slapd exited: " + LocalProcesses.tail(runLog, 20));
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            return new TestDirectory(port, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Process process() {
        return process;
    }
}
