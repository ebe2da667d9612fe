"""A v1 PodSpec (JSON form) as the API server's internal ``core.PodSpec`` Go value (v1.32).

The field order of each internal struct decides what go-cmp elides (``... // 3 identical
fields``), so the tables below follow pkg/apis/core/types.go. Conversion from v1 moves
``hostNetwork``/``hostPID``/``hostIPC``/``shareProcessNamespace``/``hostUsers`` into the
pod's SecurityContext and drops the deprecated ``serviceAccount`` alias.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from playground.sim.admission import quantity
from playground.sim.admission.gocmp import GoType, GoValue

# Go field name, JSON name, type. "^T" marks an embedded struct filled from the same object.
Fields = list[tuple[str, str, str]]
_LOR = ("LocalObjectReference", "", "^core.LocalObjectReference")
_HANDLERS: Fields = [("Exec", "exec", "*core.ExecAction"),
                     ("HTTPGet", "httpGet", "*core.HTTPGetAction"),
                     ("TCPSocket", "tcpSocket", "*core.TCPSocketAction")]


def _opaque(*names: str) -> Fields:
    """Volume sources a playground pod cannot use (validation refuses them): always nil."""
    return [(n, "", "*opaque") for n in names]


STRUCTS: dict[str, Fields] = {
    "core.PodSpec": [
        ("Volumes", "volumes", "[]core.Volume"),
        ("InitContainers", "initContainers", "[]core.Container"),
        ("Containers", "containers", "[]core.Container"),
        ("EphemeralContainers", "ephemeralContainers", "[]core.EphemeralContainer"),
        ("RestartPolicy", "restartPolicy", "core.RestartPolicy"),
        ("TerminationGracePeriodSeconds", "terminationGracePeriodSeconds", "*int64"),
        ("ActiveDeadlineSeconds", "activeDeadlineSeconds", "*int64"),
        ("DNSPolicy", "dnsPolicy", "core.DNSPolicy"),
        ("NodeSelector", "nodeSelector", "map[string]string"),
        ("ServiceAccountName", "serviceAccountName", "string"),
        ("AutomountServiceAccountToken", "automountServiceAccountToken", "*bool"),
        ("NodeName", "nodeName", "string"),
        ("SecurityContext", "securityContext", "*core.PodSecurityContext"),
        ("ImagePullSecrets", "imagePullSecrets", "[]core.LocalObjectReference"),
        ("Hostname", "hostname", "string"), ("Subdomain", "subdomain", "string"),
        ("SetHostnameAsFQDN", "setHostnameAsFQDN", "*bool"),
        ("Affinity", "affinity", "*core.Affinity"),
        ("SchedulerName", "schedulerName", "string"),
        ("Tolerations", "tolerations", "[]core.Toleration"),
        ("HostAliases", "hostAliases", "[]core.HostAlias"),
        ("PriorityClassName", "priorityClassName", "string"), ("Priority", "priority", "*int32"),
        ("PreemptionPolicy", "preemptionPolicy", "*core.PreemptionPolicy"),
        ("DNSConfig", "dnsConfig", "*core.PodDNSConfig"),
        ("ReadinessGates", "readinessGates", "[]core.PodReadinessGate"),
        ("RuntimeClassName", "runtimeClassName", "*string"),
        ("Overhead", "overhead", "core.ResourceList"),
        ("EnableServiceLinks", "enableServiceLinks", "*bool"),
        ("TopologySpreadConstraints", "topologySpreadConstraints",
         "[]core.TopologySpreadConstraint"),
        ("OS", "os", "*core.PodOS"),
        ("SchedulingGates", "schedulingGates", "[]core.PodSchedulingGate"),
        ("ResourceClaims", "resourceClaims", "[]core.PodResourceClaim"),
        ("Resources", "resources", "*core.ResourceRequirements")],
    "core.Container": [
        ("Name", "name", "string"),
        ("Image", "image", "string"),
        ("Command", "command", "[]string"),
        ("Args", "args", "[]string"), ("WorkingDir", "workingDir", "string"),
        ("Ports", "ports", "[]core.ContainerPort"), ("EnvFrom", "envFrom", "[]core.EnvFromSource"),
        ("Env", "env", "[]core.EnvVar"), ("Resources", "resources", "core.ResourceRequirements"),
        ("ResizePolicy", "resizePolicy", "[]core.ContainerResizePolicy"),
        ("RestartPolicy", "restartPolicy", "*core.ContainerRestartPolicy"),
        ("VolumeMounts", "volumeMounts", "[]core.VolumeMount"),
        ("VolumeDevices", "volumeDevices", "[]core.VolumeDevice"),
        ("LivenessProbe", "livenessProbe", "*core.Probe"),
        ("ReadinessProbe", "readinessProbe", "*core.Probe"),
        ("StartupProbe", "startupProbe", "*core.Probe"),
        ("Lifecycle", "lifecycle", "*core.Lifecycle"),
        ("TerminationMessagePath", "terminationMessagePath", "string"),
        ("TerminationMessagePolicy", "terminationMessagePolicy", "core.TerminationMessagePolicy"),
        ("ImagePullPolicy", "imagePullPolicy", "core.PullPolicy"),
        ("SecurityContext", "securityContext", "*core.SecurityContext"),
        ("Stdin", "stdin", "bool"), ("StdinOnce", "stdinOnce", "bool"), ("TTY", "tty", "bool")],
    "core.ContainerPort": [
        ("Name", "name", "string"), ("HostPort", "hostPort", "int32"),
        ("ContainerPort", "containerPort", "int32"), ("Protocol", "protocol", "core.Protocol"),
        ("HostIP", "hostIP", "string")],
    "core.EnvVar": [("Name", "name", "string"), ("Value", "value", "string"),
                    ("ValueFrom", "valueFrom", "*core.EnvVarSource")],
    "core.EnvVarSource": [
        ("FieldRef", "fieldRef", "*core.ObjectFieldSelector"),
        ("ResourceFieldRef", "resourceFieldRef", "*core.ResourceFieldSelector"),
        ("ConfigMapKeyRef", "configMapKeyRef", "*core.ConfigMapKeySelector"),
        ("SecretKeyRef", "secretKeyRef", "*core.SecretKeySelector")],
    "core.ObjectFieldSelector": [("APIVersion", "apiVersion", "string"),
                                 ("FieldPath", "fieldPath", "string")],
    "core.ResourceFieldSelector": [("ContainerName", "containerName", "string"),
                                   ("Resource", "resource", "string"),
                                   ("Divisor", "divisor", "Quantity")],
    "core.ConfigMapKeySelector": [_LOR, ("Key", "key", "string"),
                                        ("Optional", "optional", "*bool")],
    "core.SecretKeySelector": [_LOR, ("Key", "key", "string"), ("Optional", "optional", "*bool")],
    "core.LocalObjectReference": [("Name", "name", "string")],
    "core.EnvFromSource": [("Prefix", "prefix", "string"),
                           ("ConfigMapRef", "configMapRef", "*core.ConfigMapEnvSource"),
                           ("SecretRef", "secretRef", "*core.SecretEnvSource")],
    "core.ConfigMapEnvSource": [_LOR, ("Optional", "optional", "*bool")],
    "core.SecretEnvSource": [_LOR, ("Optional", "optional", "*bool")],
    "core.ResourceRequirements": [("Limits", "limits", "core.ResourceList"),
                                  ("Requests", "requests", "core.ResourceList"),
                                  ("Claims", "claims", "[]core.ResourceClaim")],
    "core.ResourceClaim": [("Name", "name", "string"), ("Request", "request", "string")],
    "core.ContainerResizePolicy": [("ResourceName", "resourceName", "core.ResourceName"),
                                   ("RestartPolicy", "restartPolicy",
                                    "core.ResourceResizeRestartPolicy")],
    "core.VolumeMount": [
        ("Name", "name", "string"), ("ReadOnly", "readOnly", "bool"),
        ("RecursiveReadOnly", "recursiveReadOnly", "*core.RecursiveReadOnlyMode"),
        ("MountPath", "mountPath", "string"), ("SubPath", "subPath", "string"),
        ("MountPropagation", "mountPropagation", "*core.MountPropagationMode"),
        ("SubPathExpr", "subPathExpr", "string")],
    "core.VolumeDevice": [("Name", "name", "string"), ("DevicePath", "devicePath", "string")],
    "core.Probe": [
        ("ProbeHandler", "", "^core.ProbeHandler"),
        ("InitialDelaySeconds", "initialDelaySeconds", "int32"),
        ("TimeoutSeconds", "timeoutSeconds", "int32"), ("PeriodSeconds", "periodSeconds", "int32"),
        ("SuccessThreshold", "successThreshold", "int32"),
        ("FailureThreshold", "failureThreshold", "int32"),
        ("TerminationGracePeriodSeconds", "terminationGracePeriodSeconds", "*int64")],
    "core.ProbeHandler": [*_HANDLERS, ("GRPC", "grpc", "*core.GRPCAction")],
    "core.LifecycleHandler": [*_HANDLERS, ("Sleep", "sleep", "*core.SleepAction")],
    "core.Lifecycle": [("PostStart", "postStart", "*core.LifecycleHandler"),
                       ("PreStop", "preStop", "*core.LifecycleHandler")],
    "core.ExecAction": [("Command", "command", "[]string")],
    "core.HTTPGetAction": [("Path", "path", "string"),
                           ("Port", "port", "intstr"),
                           ("Host", "host", "string"),
                           ("Scheme", "scheme", "core.URIScheme"),
                           ("HTTPHeaders", "httpHeaders", "[]core.HTTPHeader")],
    "core.HTTPHeader": [("Name", "name", "string"), ("Value", "value", "string")],
    "core.TCPSocketAction": [("Port", "port", "intstr"), ("Host", "host", "string")],
    "core.GRPCAction": [("Port", "port", "int32"), ("Service", "service", "*string")],
    "core.SleepAction": [("Seconds", "seconds", "int64")],
    "core.SecurityContext": [
        ("Capabilities", "capabilities", "*core.Capabilities"),
        ("Privileged", "privileged", "*bool"),
        ("SELinuxOptions", "seLinuxOptions", "*core.SELinuxOptions"),
        ("WindowsOptions", "windowsOptions", "*core.WindowsSecurityContextOptions"),
        ("RunAsUser", "runAsUser", "*int64"), ("RunAsGroup", "runAsGroup", "*int64"),
        ("RunAsNonRoot", "runAsNonRoot", "*bool"),
        ("ReadOnlyRootFilesystem", "readOnlyRootFilesystem", "*bool"),
        ("AllowPrivilegeEscalation", "allowPrivilegeEscalation", "*bool"),
        ("ProcMount", "procMount", "*core.ProcMountType"),
        ("SeccompProfile", "seccompProfile", "*core.SeccompProfile"),
        ("AppArmorProfile", "appArmorProfile", "*core.AppArmorProfile")],
    "core.Capabilities": [("Add", "add", "[]core.Capability"),
                          ("Drop", "drop", "[]core.Capability")],
    "core.SELinuxOptions": [("User", "user", "string"), ("Role", "role", "string"),
                            ("Type", "type", "string"), ("Level", "level", "string")],
    "core.WindowsSecurityContextOptions": [
        ("GMSACredentialSpecName", "gmsaCredentialSpecName", "*string"),
        ("GMSACredentialSpec", "gmsaCredentialSpec", "*string"),
        ("RunAsUserName", "runAsUserName", "*string"), ("HostProcess", "hostProcess", "*bool")],
    "core.SeccompProfile": [("Type", "type", "core.SeccompProfileType"),
                            ("LocalhostProfile", "localhostProfile", "*string")],
    "core.AppArmorProfile": [("Type", "type", "core.AppArmorProfileType"),
                             ("LocalhostProfile", "localhostProfile", "*string")],
    "core.PodSecurityContext": [
        ("HostNetwork", "hostNetwork", "bool"),
        ("HostPID", "hostPID", "bool"),
        ("HostIPC", "hostIPC", "bool"),
        ("ShareProcessNamespace", "shareProcessNamespace", "*bool"),
        ("HostUsers", "hostUsers", "*bool"),
        ("SELinuxOptions", "seLinuxOptions", "*core.SELinuxOptions"),
        ("WindowsOptions", "windowsOptions", "*core.WindowsSecurityContextOptions"),
        ("RunAsUser", "runAsUser", "*int64"), ("RunAsGroup", "runAsGroup", "*int64"),
        ("RunAsNonRoot", "runAsNonRoot", "*bool"),
        ("SupplementalGroups", "supplementalGroups", "[]int64"),
        ("SupplementalGroupsPolicy", "supplementalGroupsPolicy", "*core.SupplementalGroupsPolicy"),
        ("FSGroup", "fsGroup", "*int64"),
        ("FSGroupChangePolicy", "fsGroupChangePolicy", "*core.PodFSGroupChangePolicy"),
        ("Sysctls", "sysctls", "[]core.Sysctl"),
        ("SeccompProfile", "seccompProfile", "*core.SeccompProfile"),
        ("AppArmorProfile", "appArmorProfile", "*core.AppArmorProfile"),
        ("SELinuxChangePolicy", "seLinuxChangePolicy", "*core.PodSELinuxChangePolicy")],
    "core.Sysctl": [("Name", "name", "string"), ("Value", "value", "string")],
    "core.Toleration": [("Key", "key", "string"),
                        ("Operator", "operator", "core.TolerationOperator"),
                        ("Value", "value", "string"), ("Effect", "effect", "core.TaintEffect"),
                        ("TolerationSeconds", "tolerationSeconds", "*int64")],
    "core.HostAlias": [("IP", "ip", "string"), ("Hostnames", "hostnames", "[]string")],
    "core.PodDNSConfig": [("Nameservers", "nameservers", "[]string"),
                          ("Searches", "searches", "[]string"),
                          ("Options", "options", "[]core.PodDNSConfigOption")],
    "core.PodDNSConfigOption": [("Name", "name", "string"), ("Value", "value", "*string")],
    "core.PodReadinessGate": [("ConditionType", "conditionType", "core.PodConditionType")],
    "core.PodOS": [("Name", "name", "core.OSName")],
    "core.PodSchedulingGate": [("Name", "name", "string")],
    "core.Affinity": [("NodeAffinity", "nodeAffinity", "*core.NodeAffinity"),
                      ("PodAffinity", "podAffinity", "*core.PodAffinity"),
                      ("PodAntiAffinity", "podAntiAffinity", "*core.PodAntiAffinity")],
    "core.NodeAffinity": [
        ("RequiredDuringSchedulingIgnoredDuringExecution",
         "requiredDuringSchedulingIgnoredDuringExecution",
         "*core.NodeSelector"),
        ("PreferredDuringSchedulingIgnoredDuringExecution",
         "preferredDuringSchedulingIgnoredDuringExecution",
         "[]core.PreferredSchedulingTerm")],
    "core.NodeSelector": [("NodeSelectorTerms", "nodeSelectorTerms", "[]core.NodeSelectorTerm")],
    "core.NodeSelectorTerm": [
        ("MatchExpressions", "matchExpressions", "[]core.NodeSelectorRequirement"),
                              ("MatchFields", "matchFields", "[]core.NodeSelectorRequirement")],
    "core.NodeSelectorRequirement": [("Key", "key", "string"),
                                     ("Operator", "operator", "core.NodeSelectorOperator"),
                                     ("Values", "values", "[]string")],
    "core.PreferredSchedulingTerm": [("Weight", "weight", "int32"),
                                     ("Preference", "preference", "core.NodeSelectorTerm")],
    "resource.int64Amount": [("value", "value", "int64"), ("scale", "scale", "resource.Scale")],
    "core.Volume": [("Name", "name", "string"), ("VolumeSource", "", "^core.VolumeSource")],
    "core.VolumeSource": [
        ("HostPath", "hostPath", "*core.HostPathVolumeSource"),
        ("EmptyDir", "emptyDir", "*core.EmptyDirVolumeSource"),
        *_opaque("GCEPersistentDisk", "AWSElasticBlockStore", "GitRepo"),
        ("Secret", "secret", "*core.SecretVolumeSource"), *_opaque("NFS", "ISCSI", "Glusterfs"),
        ("PersistentVolumeClaim", "persistentVolumeClaim",
         "*core.PersistentVolumeClaimVolumeSource"),
        *_opaque("RBD", "Quobyte", "FlexVolume", "Cinder", "CephFS", "Flocker"),
        ("DownwardAPI", "downwardAPI", "*core.DownwardAPIVolumeSource"),
        *_opaque("FC", "AzureFile"),
        ("ConfigMap", "configMap", "*core.ConfigMapVolumeSource"),
        *_opaque("VsphereVolume", "AzureDisk", "PhotonPersistentDisk"),
        ("Projected", "projected", "*core.ProjectedVolumeSource"),
        *_opaque("PortworxVolume", "ScaleIO", "StorageOS", "CSI", "Ephemeral", "Image")],
    "core.HostPathVolumeSource": [("Path", "path", "string"),
                                  ("Type", "type", "*core.HostPathType")],
    "core.EmptyDirVolumeSource": [("Medium", "medium", "core.StorageMedium"),
                                  ("SizeLimit", "sizeLimit", "*Quantity")],
    "core.SecretVolumeSource": [("SecretName", "secretName", "string"),
                                ("Items", "items", "[]core.KeyToPath"),
                                ("DefaultMode", "defaultMode", "*int32"),
                                ("Optional", "optional", "*bool")],
    "core.ConfigMapVolumeSource": [_LOR, ("Items", "items", "[]core.KeyToPath"),
                                   ("DefaultMode", "defaultMode", "*int32"),
                                   ("Optional", "optional", "*bool")],
    "core.KeyToPath": [("Key", "key", "string"),
                       ("Path", "path", "string"),
                       ("Mode", "mode", "*int32")],
    "core.PersistentVolumeClaimVolumeSource": [("ClaimName", "claimName", "string"),
                                               ("ReadOnly", "readOnly", "bool")],
    "core.DownwardAPIVolumeSource": [("Items", "items", "[]core.DownwardAPIVolumeFile"),
                                     ("DefaultMode", "defaultMode", "*int32")],
    "core.DownwardAPIVolumeFile": [("Path", "path", "string"),
                                   ("FieldRef", "fieldRef", "*core.ObjectFieldSelector"),
                                   ("ResourceFieldRef", "resourceFieldRef",
                                    "*core.ResourceFieldSelector"),
                                   ("Mode", "mode", "*int32")],
    "core.ProjectedVolumeSource": [("Sources", "sources", "[]core.VolumeProjection"),
                                   ("DefaultMode", "defaultMode", "*int32")],
    "core.VolumeProjection": [
        ("Secret", "secret", "*core.SecretProjection"),
        ("DownwardAPI", "downwardAPI", "*core.DownwardAPIProjection"),
        ("ConfigMap", "configMap", "*core.ConfigMapProjection"),
        ("ServiceAccountToken", "serviceAccountToken", "*core.ServiceAccountTokenProjection")],
    "core.SecretProjection": [_LOR, ("Items", "items", "[]core.KeyToPath"),
                                    ("Optional", "optional", "*bool")],
    "core.ConfigMapProjection": [_LOR, ("Items", "items", "[]core.KeyToPath"),
                                       ("Optional", "optional", "*bool")],
    "core.DownwardAPIProjection": [("Items", "items", "[]core.DownwardAPIVolumeFile")],
    "core.ServiceAccountTokenProjection": [("Audience", "audience", "string"),
                                           ("ExpirationSeconds", "expirationSeconds", "int64"),
                                           ("Path", "path", "string")],
}
STRUCTS["core.EphemeralContainerCommon"] = STRUCTS["core.Container"]
STRUCTS["core.EphemeralContainer"] = [
    ("EphemeralContainerCommon", "", "^core.EphemeralContainerCommon"),
    ("TargetContainerName", "targetContainerName", "string")]
INT_KINDS = ("int32", "int64", "resource.Scale")
STRINGERS = ("core.ResourceName",)  # named types whose value has a String method


def _type(spec: str) -> GoType:
    if spec.startswith("*"):
        return GoType("ptr", "*" + _type(spec[1:]).name, named=False)
    if spec.startswith("[]"):
        return GoType("slice", spec, named=False)
    if spec == "map[string]string":
        return GoType("map", spec, named=False)
    if spec == "core.ResourceList":
        return GoType("map", spec)
    if spec == "Quantity":
        return GoType("struct", "resource.Quantity", has_equal=True)
    if spec == "intstr":
        return GoType("struct", "intstr.IntOrString")
    if spec.startswith("^"):
        return GoType("struct", spec[1:])
    if spec in STRUCTS:
        return GoType("struct", spec)
    if spec in INT_KINDS:
        return GoType("int", spec)
    if spec in ("string", "bool"):
        return GoType(spec, spec)
    return GoType("string", spec, stringer=spec in STRINGERS)


_NO_DEC = GoValue(GoType("struct", "resource.infDecAmount"), [
    ("Dec", GoValue(GoType("ptr", "*inf.Dec", named=False), None))])


def _int(name: str, v: int) -> GoValue:
    return GoValue(GoType("int", name), v)


def quantity_value(text: Any) -> GoValue:
    """resource.ParseQuantity's result: an int64Amount (with the string kept when it is
    already canonical) or, for what does not fit one, an inf.Dec."""
    s = str(text)
    positive, num, denom, suffix = quantity._split(s.strip())
    fmt, exp, base = "DecimalSI", 0, 10
    if suffix in quantity._BINARY:
        fmt, exp, base = "BinarySI", 10 * quantity._BINARY[suffix], 2
    elif suffix in quantity._DECIMAL:
        exp = quantity._DECIMAL[suffix]
    else:
        fmt, exp = "DecimalExponent", int(suffix[1:])
    key = quantity.parse_quantity(s)
    scale, mantissa, precision = 0, 1, -1
    if base == 10:
        scale, precision = exp, 18 - len(num + denom)
    elif exp >= 0 and not denom:
        mantissa, precision = 1 << exp, 15 - len(num) - int(exp * 3 / 10) - 1
    scale -= len(denom)
    cached = ""
    if precision >= 0 and scale >= -9 and abs(int(num + denom) * mantissa) < 2**63:
        value = int(num + denom) * mantissa * (1 if positive else -1)
        shifted = num + denom
        if base == 2:
            if exp % 10 == 0 and int(shifted) & 7:
                cached = s
        elif scale % 3 == 0 and not shifted.endswith("000") and shifted[0] != "0":
            cached = s
        amount = GoValue(GoType("struct", "resource.int64Amount"), [
            ("value", _int("int64", value)), ("scale", _int("resource.Scale", scale))])
        dec = GoValue(GoType("ptr", "*inf.Dec", named=False), None)
    else:
        amount = GoValue(GoType("struct", "resource.int64Amount"), [
            ("value", _int("int64", 0)), ("scale", _int("resource.Scale", 0))])
        exact = Fraction(key)
        dscale = 0
        while exact.denominator != 1 and dscale < 9:
            exact *= 10
            dscale += 1
        unscaled = -((-exact.numerator) // exact.denominator)  # rounded up to nanounits
        if fmt == "BinarySI" and 0 < key < 1:
            fmt = "DecimalSI"
        words, rest = [], abs(unscaled)
        while rest:
            words.append(rest & (2**64 - 1))
            rest >>= 64
        big = GoValue(GoType("struct", "big.Int"), [
            ("neg", GoValue(GoType("bool", "bool"), unscaled < 0)),
            ("abs", GoValue(GoType("slice", "big.nat"),
                            [_int("big.Word", w) for w in words] or None))])
        dec = GoValue(GoType("ptr", "*inf.Dec", named=False), GoValue(GoType("struct", "inf.Dec"), [
            ("unscaled", big), ("scale", _int("inf.Scale", dscale))]))
    return GoValue(_type("Quantity"), [
        ("i", amount), ("d", GoValue(_NO_DEC.type, [("Dec", dec)])),
        ("s", GoValue(GoType("string", "string"), cached)),
        ("Format", GoValue(GoType("string", "resource.Format"), fmt))], key=key)


def convert(spec: str, data: Any) -> GoValue:
    """The Go value of ``data`` (JSON) read as ``spec``; absent is Go's zero value."""
    t = _type(spec)
    if t.kind == "ptr":
        return GoValue(t, None if data is None or spec == "*opaque" else convert(spec[1:], data))
    if t.kind == "slice":
        return GoValue(t, None if data is None else [convert(spec[2:], x) for x in data])
    if spec == "map[string]string":
        return GoValue(t, None if data is None else [
            (GoValue(GoType("string", "string"), k), GoValue(GoType("string", "string"), str(v)))
            for k, v in data.items()])
    if spec == "core.ResourceList":
        return GoValue(t, None if data is None else [
            (GoValue(_type("core.ResourceName"), k), quantity_value(v)) for k, v in data.items()])
    if spec == "Quantity":
        if data is None:  # Go's zero Quantity
            return GoValue(t, [("i", convert("^resource.int64Amount", None)), ("d", _NO_DEC),
                               ("s", GoValue(GoType("string", "string"), "")),
                               ("Format", GoValue(GoType("string", "resource.Format"), ""))], key=0)
        return quantity_value(data)
    if spec == "intstr":
        is_str = isinstance(data, str)
        return GoValue(t, [("Type", _int("intstr.Type", 1 if is_str else 0)),
                           ("IntVal", _int("int32", 0 if is_str or data is None else int(data))),
                           ("StrVal", GoValue(GoType("string", "string"), data if is_str else ""))])
    if t.kind == "struct":
        obj = data or {}
        return GoValue(t, [(name, convert(sub, obj if sub.startswith("^") else obj.get(key)))
                           for name, key, sub in STRUCTS[t.name]])
    if t.kind == "int":
        return GoValue(t, int(data or 0))
    if t.kind == "bool":
        return GoValue(t, bool(data))
    return GoValue(t, "" if data is None else str(data))


_HOST_FIELDS = ("hostNetwork", "hostPID", "hostIPC", "shareProcessNamespace", "hostUsers")


def pod_spec(spec: dict[str, Any]) -> GoValue:
    """Convert_v1_PodSpec_To_core_PodSpec: the host namespaces move into the SecurityContext."""
    security = dict(spec.get("securityContext") or {})
    security.update({k: spec[k] for k in _HOST_FIELDS if k in spec})
    return convert("core.PodSpec", {**spec, "securityContext": security})
