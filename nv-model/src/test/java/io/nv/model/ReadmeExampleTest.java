package io.nv.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.model.acl.AclAction;
import io.nv.model.acl.AclRule;
import io.nv.model.acl.DefaultDeny;
import io.nv.model.addr.IpAddress;
import io.nv.model.addr.IpPrefix;
import io.nv.model.addr.MacAddress;
import io.nv.model.l2.LogicalSwitch;
import io.nv.model.l2.SwitchPort;
import io.nv.model.placement.Binding;
import io.nv.model.placement.Host;
import io.nv.model.validate.Validator;
import org.junit.jupiter.api.Test;

/** The README's Java example, kept compiling and passing here. */
class ReadmeExampleTest {
  @Test
  void readmeExampleValidates() {
    // README:BEGIN
    SwitchPort web1 = new SwitchPort.Builder()
        .id("web1").mac(MacAddress.parse("0a:00:00:01:00:11"))
        .addIp(IpAddress.parse("10.0.1.11")).portSecurity(true).build();
    SwitchPort web2 = new SwitchPort.Builder()
        .id("web2").mac(MacAddress.parse("0a:00:00:01:00:12"))
        .addIp(IpAddress.parse("10.0.1.12")).portSecurity(true).build();
    LogicalSwitch web = new LogicalSwitch.Builder()
        .id("web").tenant("acme").addSubnet(IpPrefix.parse("10.0.1.0/24"))
        .addPort(web1).addPort(web2)
        .defaultDeny(DefaultDeny.TO_PORT)
        .addAcl(new AclRule.Builder().id("allow-http").priority(1000)
            .match("tcp.dst == 80").action(AclAction.ALLOW_RELATED).build())
        .build();
    Topology topology = new Topology.Builder()
        .addTenant(Tenant.of("acme"))
        .addSwitch(web)
        .addHost(new Host.Builder().id("hv1").tunnelIp(IpAddress.parse("192.168.0.1")).build())
        .addBinding(new Binding("web1", "hv1"))
        .addBinding(new Binding("web2", "hv1"))
        .build();
    Validator.validate(topology)
        .fold(errors -> { errors.forEach(System.err::println); return null; },
              valid -> { System.out.println("valid: " + valid.topology().switches().size()); return valid; });
    // README:END
    assertThat(Validator.validate(topology).isValid()).isTrue();
  }
}
