<#-- keycloak.v2's template calls this macro below the form; ours shows the realm's help text. -->
<#macro content>
    <#assign help = msg("mesaLoginHelp")>
    <#if help?has_content && help != "mesaLoginHelp">
        <div class="${properties.kcLoginMainFooterBand!} mesa-help">
            <p id="mesa-login-help">${help}</p>
        </div>
    </#if>
</#macro>
